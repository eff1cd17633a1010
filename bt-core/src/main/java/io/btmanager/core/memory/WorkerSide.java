package io.btmanager.core.memory;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The worker's operations: claim, lease extension, progress and completion, each write fenced by
 * the lease token and made under the task's cell monitor.
 */
final class WorkerSide {

  private final TaskTable table;
  private final Placement placement;
  private final RunTimes runTimes = new RunTimes();

  WorkerSide(TaskTable table) {
    this.table = table;
    this.placement = table.placement();
  }

  /**
   * Claims up to {@code max} runnable tasks, highest priority first, then lowest seq. A claimer peeks
   * at a lane's head, locks that task's cell and takes it only if it is still queued there; when
   * another claimer won it, it looks again, so each task is claimed once and some claimer always
   * progresses.
   */
  List<StoredTask> claim(ClaimRequest request, Instant now) {
    int max = request.max();
    String node = request.node();
    List<StoredTask> claimed = new ArrayList<>(Math.max(0, Math.min(max, 64)));
    if (max <= 0) {
      return claimed;
    }
    placement.promoteDue(now);
    Instant expiresAt = now.plus(request.lease());
    RunQueue queue = placement.queue();
    for (int weight = queue.laneCount() - 1; weight >= 0 && claimed.size() < max; weight--) {
      RunQueue.Head head;
      while (claimed.size() < max && (head = queue.head(request.types(), weight)) != null) {
        TaskCell cell = head.cell();
        synchronized (cell) {
          if (placement.takeQueued(cell, head, weight)) {
            StoredTask running =
                StoredTasks.claimed(cell.task, node, UUID.randomUUID().toString(), now, expiresAt);
            placement.update(cell, running);
            claimed.add(running);
          }
        }
      }
    }
    return claimed;
  }

  Map<String, LeaseStatus> extendLeases(
      Map<String, String> leaseTokens, Duration lease, Instant now) {
    Instant expiresAt = now.plus(lease);
    Map<String, LeaseStatus> statuses = new LinkedHashMap<>();
    leaseTokens.forEach((id, token) -> {
      TaskCell cell = table.cell(id);
      LeaseStatus status = LeaseStatus.LOST;
      if (cell != null) {
        synchronized (cell) {
          StoredTask task = cell.task;
          if (holds(cell, task, token)) {
            placement.update(cell, StoredTasks.leaseExtended(task, expiresAt));
            status = task.cancelRequested() ? LeaseStatus.CANCEL_REQUESTED : LeaseStatus.KEPT;
          }
        }
      }
      statuses.put(id, status);
    });
    return statuses;
  }

  boolean saveProgress(String taskId, String leaseToken, Progress progress) {
    TaskCell cell = table.cell(taskId);
    if (cell == null) {
      return false;
    }
    synchronized (cell) {
      StoredTask task = cell.task;
      if (!holds(cell, task, leaseToken)) {
        return false;
      }
      placement.update(cell, StoredTasks.withProgress(task, progress));
      return true;
    }
  }

  List<Boolean> complete(List<Completion> completions) {
    List<Boolean> applied = new ArrayList<>(completions.size());
    for (Completion completion : completions) {
      applied.add(complete(completion));
    }
    return applied;
  }

  /** The typical run time of a type's successful attempts, or empty before the first one. */
  Optional<Duration> typicalRunTime(String type) {
    return runTimes.typical(type);
  }

  /** Ends an expired lease if it is still the one {@code expired} names and it has expired. */
  boolean returnExpiredLease(LeaseReturn expired, Instant now) {
    TaskCell cell = table.cell(expired.taskId());
    if (cell == null) {
      return false;
    }
    StoredTask before;
    StoredTask after;
    synchronized (cell) {
      before = cell.task;
      if (!holds(cell, before, expired.leaseToken())
          || before.leaseExpiresAt() == null
          || before.leaseExpiresAt().isAfter(now)) {
        return false;
      }
      boolean finished = expired.state().isFinished();
      after = before
          .withState(
              expired.state(), before.attempt(), null, finished ? now : null, expired.error())
          .withVersion(before.version() + 1);
      table.write(cell, after, expired.execution());
    }
    table.dropKeyIfFinished(cell, before, after);
    return true;
  }

  private boolean complete(Completion completion) {
    TaskCell cell = table.cell(completion.taskId());
    if (cell == null) {
      return false;
    }
    StoredTask before;
    StoredTask after;
    synchronized (cell) {
      before = cell.task;
      if (!holds(cell, before, completion.leaseToken())) {
        return false;
      }
      after = StoredTasks.completed(before, completion);
      table.write(cell, after, completion.execution());
    }
    table.dropKeyIfFinished(cell, before, after);
    if (completion.state() == TaskState.SUCCEEDED) {
      runTimes.record(before.type(), completion.execution());
    }
    return true;
  }

  private static boolean holds(TaskCell cell, StoredTask task, String leaseToken) {
    return cell.where != TaskCell.REMOVED
        && task.state() == TaskState.RUNNING
        && leaseToken != null
        && leaseToken.equals(task.leaseToken());
  }
}
