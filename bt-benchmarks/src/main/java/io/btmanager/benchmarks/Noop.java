package io.btmanager.benchmarks;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.definition.TaskHandler;

/**
 * The arguments of the benchmarks' no-op task type: one number, so that every task is distinct
 * (no deduplication) unless a benchmark reuses a number on purpose.
 *
 * @param n makes the task distinct
 */
public record Noop(long n) {

  /** The task type's name. */
  static final String TYPE = "noop";

  /** A task type named {@value #TYPE} whose handler is {@code handler}. */
  static TaskDefinition<Noop, Void> type(TaskHandler<Noop, Void> handler) {
    return TaskDefinition.of(TYPE, Noop.class).handler(handler).build();
  }

  /** A task type that is never run (submit-only managers). */
  static TaskDefinition<Noop, Void> neverRun() {
    return type((ctx, args) -> null);
  }
}
