package io.btmanager.core.spi;

/** What {@link TaskStore#extendLeases} found for one task. */
public enum LeaseStatus {
  /** The lease was extended; run on. */
  KEPT,
  /** The lease was extended, but an owner asked the task to stop: cancel it. */
  CANCEL_REQUESTED,
  /** The task is no longer RUNNING under this token (expired and reclaimed, deleted): stop work. */
  LOST
}
