package io.btmanager.core.definition;

/**
 * What a running handler sees of its task. Progress calls are cheap: listeners see every change,
 * while the store is written at a bounded rate.
 */
public interface TaskContext {

  /** The task's id. */
  String taskId();

  /** This attempt's number, from 1. */
  int attempt();

  /**
   * Reports that {@code done} of {@code total} units are finished.
   *
   * @throws IllegalArgumentException if {@code total < 1} or {@code done} is outside {@code [0,
   *     total]}
   */
  void progress(long done, long total, String message);

  /** {@link #progress(long, long, String)} without a message. */
  default void progress(long done, long total) {
    progress(done, total, "");
  }

  /** True once an owner stopped the task, it timed out, or its lease was lost: return soon. */
  boolean isCancelled();

  /** Throws {@link TaskCancelledException} if {@link #isCancelled()}. */
  default void checkCancelled() {
    if (isCancelled()) {
      throw new TaskCancelledException(taskId());
    }
  }
}
