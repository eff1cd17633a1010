package io.btmanager.core.task;

/** What kind of failure a {@link TaskError} describes; the defaults advise on each. */
public enum ErrorKind {
  /** The attempt ran longer than its type's timeout. */
  TIMEOUT,
  /** Reading or writing a file, a network resource or a service failed. */
  IO,
  /** The task's arguments were not acceptable to its handler. */
  BAD_ARGUMENTS,
  /** The task was stopped. */
  CANCELLED,
  /** The node running the task stopped answering and no attempt was left to run it again. */
  LOST,
  /** Anything else. */
  UNEXPECTED
}
