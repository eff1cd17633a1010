package io.btmanager.core;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.task.Priority;
import java.net.URI;
import java.time.Instant;

/**
 * Options of a submit, set through the {@code Consumer<SubmitOptions>} of {@link UserTasks#submit}:
 * {@code o -> o.name("Resize holiday photo").priority(Priority.HIGH).link(page)}. Every setter
 * validates at once.
 */
public final class SubmitOptions {
  static final int MAX_NAME = 200;
  static final int MAX_DESCRIPTION = 4_000;

  String name;
  String description = "";
  Priority priority;
  URI link;
  Instant startAt;

  SubmitOptions() {}

  /** The human title; default: the task type's name. At most 200 characters, not blank. */
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
    if (priority == null) {
      throw new InvalidInputException("priority", "is null", "LOW, MEDIUM or HIGH");
    }
    this.priority = priority;
    return this;
  }

  /** The page that relates to or started the task. */
  public SubmitOptions link(URI link) {
    this.link = link;
    return this;
  }

  /** Do not start before {@code startAt}; the task waits as SCHEDULED until then. */
  public SubmitOptions startAt(Instant startAt) {
    this.startAt = startAt;
    return this;
  }

  static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("name", "is blank", "1 to " + MAX_NAME + " characters");
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidInputException(
          "name", "has " + name.length() + " characters", "1 to " + MAX_NAME + " characters");
    }
    return name;
  }

  static String checkDescription(String description) {
    if (description == null) {
      throw new InvalidInputException("description", "is null", "a text (may be empty)");
    }
    if (description.length() > MAX_DESCRIPTION) {
      throw new InvalidInputException(
          "description",
          "has " + description.length() + " characters",
          "at most " + MAX_DESCRIPTION + " characters");
    }
    return description;
  }
}
