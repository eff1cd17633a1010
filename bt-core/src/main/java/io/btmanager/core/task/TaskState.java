package io.btmanager.core.task;

/**
 * The state of a task. {@link #PENDING}, {@link #SCHEDULED} and {@link #RUNNING} are <em>active</em>;
 * {@link #SUCCEEDED}, {@link #FAILED} and {@link #CANCELLED} are <em>finished</em> and never change again.
 */
public enum TaskState {
  /** Queued and eligible to run now. */
  PENDING,
  /** Waiting for a start time or for a retry backoff to pass. */
  SCHEDULED,
  /** Claimed by a worker that holds its lease. */
  RUNNING,
  /** The handler returned a result. */
  SUCCEEDED,
  /** The last attempt failed and no retry is left (or the error does not retry). */
  FAILED,
  /** Stopped by its owners (or an admin) before it finished. */
  CANCELLED;

  /** True for PENDING, SCHEDULED and RUNNING. */
  public boolean isActive() {
    return this == PENDING || this == SCHEDULED || this == RUNNING;
  }

  /** True for SUCCEEDED, FAILED and CANCELLED: the state will never change again. */
  public boolean isFinished() {
    return !isActive();
  }

  /** True for PENDING and SCHEDULED: the task waits and its priority may still be changed. */
  public boolean isWaiting() {
    return this == PENDING || this == SCHEDULED;
  }
}
