package io.btmanager.core.exception;

/** No task with this id exists, or it is not the caller's. */
public class TaskNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public TaskNotFoundException(String id) {
    super("task", id);
  }
}
