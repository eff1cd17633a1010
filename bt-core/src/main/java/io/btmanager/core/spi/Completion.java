package io.btmanager.core.spi;

import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.Objects;

/**
 * The end of an attempt, written by the worker that holds the lease. A store applies it only if the
 * task is still RUNNING under {@code leaseToken} (fencing); it sets the fields below, clears the
 * lease and the cancel request, and appends {@code execution}. Owners, name, description, link and
 * priority are left as they are (owners may have changed meanwhile).
 *
 * @param taskId the task
 * @param leaseToken the token the worker's claim received
 * @param state the new state: SUCCEEDED, FAILED, CANCELLED, SCHEDULED (a retry after a backoff) or
 *     PENDING (released on shutdown)
 * @param attempt the attempt count to store (the claimed attempt, or one less when released)
 * @param progress the last progress
 * @param resultJson result JSON when SUCCEEDED, else null
 * @param error the error when FAILED or CANCELLED or retrying, else null
 * @param finishedAt when the task finished, for finished states, else null
 * @param nextAttemptAt when a retry becomes due (SCHEDULED), else null
 * @param execution the record of this attempt
 */
public record Completion(
    String taskId,
    String leaseToken,
    TaskState state,
    int attempt,
    Progress progress,
    String resultJson,
    TaskError error,
    Instant finishedAt,
    Instant nextAttemptAt,
    Execution execution) {

  public Completion {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(execution, "execution");
    if (state == TaskState.RUNNING) {
      throw new IllegalArgumentException("a completion ends the attempt; RUNNING is not an end");
    }
  }
}
