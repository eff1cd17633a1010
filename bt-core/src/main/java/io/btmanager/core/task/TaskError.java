package io.btmanager.core.task;

import java.util.Objects;

/**
 * Why a task failed, in words a person can act on (rule 8), with the technical detail kept apart.
 *
 * @param kind what kind of failure this is
 * @param summary a short sentence in plain words: what went wrong
 * @param action what the user can do about it
 * @param retryable whether running the task again may help
 * @param detail the technical detail (exception class, message, cause chain) for a developer
 */
public record TaskError(
    ErrorKind kind, String summary, String action, boolean retryable, String detail) {

  public TaskError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(detail, "detail");
  }
}
