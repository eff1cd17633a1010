package io.btmanager.core.spi;

import io.btmanager.core.task.Priority;
import java.net.URI;
import java.util.Objects;

/**
 * The fields of a task an owner may edit, as {@link TaskRecords#editDetails} writes them: every
 * field is written as given (the core fills unchanged fields from the task it read).
 *
 * @param id the task
 * @param version the version the core read; the edit applies only if the task still has it
 * @param name the new title
 * @param description the new description, may be empty
 * @param link the new link, or null for none
 * @param priority the new priority (the core changes it only while the task waits)
 */
public record DetailsEdit(
    String id, long version, String name, String description, URI link, Priority priority) {
  public DetailsEdit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(priority, "priority");
  }
}
