package io.btmanager.core.definition;

import io.btmanager.core.exception.TaskManagerException;

/** Thrown by {@link TaskContext#checkCancelled()} to unwind a handler whose task was stopped. */
public class TaskCancelledException extends TaskManagerException {
  private static final long serialVersionUID = 1L;

  public TaskCancelledException(String taskId) {
    super("task '" + taskId + "' was cancelled");
  }
}
