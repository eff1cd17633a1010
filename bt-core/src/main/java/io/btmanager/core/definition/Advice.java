package io.btmanager.core.definition;

import java.util.Objects;

/**
 * An error advisor's words for a person: what went wrong and what to do about it.
 *
 * @param summary a short sentence in plain words
 * @param action what the user can do
 * @param retryable whether running the task again may help
 */
public record Advice(String summary, String action, boolean retryable) {
  public Advice {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(action, "action");
  }
}
