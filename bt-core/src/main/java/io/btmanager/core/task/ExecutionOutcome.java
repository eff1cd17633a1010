package io.btmanager.core.task;

/** How one attempt of a task ended. */
public enum ExecutionOutcome {
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /** The node running it lost its lease (it died or paused); the task went back to the queue. */
  LEASE_EXPIRED,
  /** The node shut down gracefully before the attempt ended; the task went back to the queue. */
  RELEASED
}
