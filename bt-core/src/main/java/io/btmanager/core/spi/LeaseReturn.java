package io.btmanager.core.spi;

import io.btmanager.core.task.Execution;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.util.Objects;

/**
 * How the core ends an expired lease ({@link WorkQueue#returnExpiredLease}): back to the queue
 * (PENDING, keeping its {@code seq} and attempt count), or finished (FAILED as lost, CANCELLED when
 * an owner had asked it to stop). The store clears the lease and the cancel request, sets {@code
 * finishedAt} to its now for a finished state, bumps the version and appends {@code execution}.
 *
 * @param taskId the task
 * @param leaseToken the token of the expired claim, as {@link WorkQueue#expiredLeases} returned it
 * @param state PENDING, FAILED or CANCELLED
 * @param error the error to keep (the last one when PENDING), or null
 * @param execution the record of the lost attempt
 */
public record LeaseReturn(
    String taskId, String leaseToken, TaskState state, TaskError error, Execution execution) {
  public LeaseReturn {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(leaseToken, "leaseToken");
    Objects.requireNonNull(execution, "execution");
    if (state != TaskState.PENDING && state != TaskState.FAILED && state != TaskState.CANCELLED) {
      throw new IllegalArgumentException("an expired lease ends PENDING, FAILED or CANCELLED");
    }
  }
}
