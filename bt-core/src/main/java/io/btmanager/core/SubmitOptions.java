package io.btmanager.core;

import io.btmanager.core.internal.Limits;
import io.btmanager.core.task.Priority;
import java.net.URI;
import java.time.Instant;

/**
 * Options of a submit, set through the {@code Consumer<SubmitOptions>} of {@link UserTasks#submit}:
 * {@code o -> o.name("Resize holiday photo").priority(Priority.HIGH).link(page)}. Every setter
 * validates at once.
 */
public final class SubmitOptions {
  String name;
  String description = "";
  Priority priority;
  URI link;
  Instant startAt;

  SubmitOptions() {}

  /** The human title; default: the task type's name. At most 200 characters, not blank, no NUL. */
  public SubmitOptions name(String name) {
    this.name = checkName(name);
    return this;
  }

  /** A longer text; at most 4,000 characters. */
  public SubmitOptions description(String description) {
    this.description = checkDescription(description);
    return this;
  }

  /** The priority; default: the type's default priority. */
  public SubmitOptions priority(Priority priority) {
    this.priority = Limits.notNull(priority, "priority", "LOW, MEDIUM or HIGH");
    return this;
  }

  /** The page that relates to or started the task; at most 2,000 characters. */
  public SubmitOptions link(URI link) {
    this.link = Limits.link(link);
    return this;
  }

  /**
   * Do not start before {@code startAt} (at the latest the end of the year 9999); the task waits as
   * SCHEDULED until then. Null or a past instant: start now.
   */
  public SubmitOptions startAt(Instant startAt) {
    this.startAt = Limits.startAt(startAt);
    return this;
  }

  static String checkName(String name) {
    return Limits.text("name", name, Limits.NAME);
  }

  static String checkDescription(String description) {
    return Limits.optionalText("description", description, Limits.DESCRIPTION);
  }
}
