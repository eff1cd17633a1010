package io.btmanager.core.event;

/** The kinds of {@link TaskEvent}. */
public enum TaskEventKind {
  CREATED,
  /** Another user submitted an identical task and became an owner. */
  JOINED,
  STARTED,
  PROGRESS,
  /** An attempt failed and another is scheduled after a backoff. */
  RETRY_SCHEDULED,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /** An owner stopped or deleted a shared task and left it; it goes on for the others. */
  DETACHED,
  /** The task was edited (name, description, link, priority). */
  UPDATED,
  /** The last owner deleted the task, or retention purged it. */
  DELETED
}
