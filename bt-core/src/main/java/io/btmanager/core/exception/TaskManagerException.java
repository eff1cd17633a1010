package io.btmanager.core.exception;

/** The root of every exception bt-manager throws. Unchecked; subclasses say what went wrong. */
public class TaskManagerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskManagerException(String message) {
    super(message);
  }

  public TaskManagerException(String message, Throwable cause) {
    super(message, cause);
  }
}
