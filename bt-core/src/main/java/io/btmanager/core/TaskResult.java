package io.btmanager.core;

import io.btmanager.core.task.Task;
import java.util.Optional;

/**
 * One task's line in a {@link BulkResult}.
 *
 * @param taskId the id the call was about
 * @param outcome what happened to it
 * @param task the task after the call when it still exists and is the caller's (for recreate: the
 *     new or joined task), else null
 */
public record TaskResult(String taskId, TaskOutcome outcome, Task task) {

  /** The task, when there is one to show. */
  public Optional<Task> taskIfPresent() {
    return Optional.ofNullable(task);
  }
}
