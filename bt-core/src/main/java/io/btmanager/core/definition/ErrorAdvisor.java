package io.btmanager.core.definition;

import java.util.Optional;

/**
 * Turns a task type's errors into words a person can act on (rule 8). Return empty to fall back to
 * the defaults, which cover timeouts, I/O errors, bad arguments and cancellation.
 */
@FunctionalInterface
public interface ErrorAdvisor {
  Optional<Advice> advise(Throwable error);

  /** No advice of its own: the defaults apply. */
  static ErrorAdvisor none() {
    return e -> Optional.empty();
  }
}
