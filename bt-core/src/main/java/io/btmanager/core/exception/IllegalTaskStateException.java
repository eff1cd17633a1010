package io.btmanager.core.exception;

import io.btmanager.core.task.TaskState;

/** The call does not apply to a task in its current state (e.g. a new priority for a running task). */
public class IllegalTaskStateException extends TaskManagerException {
  private static final long serialVersionUID = 1L;
  private final String taskId;
  private final TaskState state;

  public IllegalTaskStateException(String taskId, TaskState state, String what) {
    super("task '" + taskId + "' is " + state + ": " + what);
    this.taskId = taskId;
    this.state = state;
  }

  public String taskId() {
    return taskId;
  }

  public TaskState state() {
    return state;
  }
}
