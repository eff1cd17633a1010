package io.btmanager.core.internal;

import io.btmanager.core.task.Priority;
import java.net.URI;
import java.time.Instant;

/**
 * The resolved options of one submit.
 *
 * @param name the title (null: the type's name)
 * @param description the description
 * @param priority the priority (null: the type's default)
 * @param link the link, or null
 * @param startAt the earliest start, or null for now
 */
public record SubmitSpec(
    String name, String description, Priority priority, URI link, Instant startAt) {
  public static final SubmitSpec DEFAULT = new SubmitSpec(null, "", null, null, null);
}
