package io.btmanager.core;

/** What a bulk call did to one task. */
public enum TaskOutcome {
  /** Get: the task is the caller's and was read. */
  FOUND,
  /** The task does not exist, or is not the caller's (the two look the same). */
  NOT_FOUND,
  /** Stop: the task was waiting and is now CANCELLED. */
  CANCELLED,
  /** Stop: the task is running; its node was told to cancel it and will do so at once. */
  CANCEL_REQUESTED,
  /** Stop or delete of a shared task: the caller left it; it goes on for its other owners. */
  DETACHED,
  /** Stop: the task had already finished; nothing changed. */
  ALREADY_FINISHED,
  /** Delete: the caller was the last owner; the task was cancelled if active, then purged. */
  DELETED,
  /** Recreate: a new task was created with the same type and arguments. */
  CREATED,
  /** Recreate: an identical task was already active; the caller joined it. */
  JOINED,
  /** Recreate: the task has not finished yet, so there is nothing to run again. */
  NOT_FINISHED,
  /**
   * Recreate: the task's stored arguments are no longer accepted (its type is not registered on
   * this manager, or they no longer bind to its argument class); nothing was created.
   */
  INVALID
}
