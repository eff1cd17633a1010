package io.btmanager.core.memory;

import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each task in the one index its state calls for: the run queue (PENDING, and SCHEDULED once
 * due), the due-time index (SCHEDULED, not yet due) or the running set (RUNNING); finished tasks are
 * in none. Every method that takes a cell expects the caller to hold that cell's monitor; this class
 * then takes lane locks (innermost) only.
 */
final class Placement {

  private final RunQueue queue;
  private final DueIndex due = new DueIndex();
  private final Set<TaskCell> running = ConcurrentHashMap.newKeySet();

  Placement(RunQueue queue) {
    this.queue = queue;
  }

  /** Places a new cell holding {@code cell.task}. Caller holds the cell's monitor. */
  void insert(TaskCell cell) {
    StoredTask task = cell.task;
    enter(cell, task, targetOf(task));
  }

  /**
   * Sets {@code cell.task} to {@code updated} and moves the cell to where {@code updated} belongs; a
   * task that stays where it is (same lane, same due time) keeps its place. Caller holds the monitor.
   */
  void update(TaskCell cell, StoredTask updated) {
    StoredTask current = cell.task;
    byte target = targetOf(updated);
    boolean stillPromoted = cell.where == TaskCell.QUEUED
        && current.state() == TaskState.SCHEDULED
        && updated.state() == TaskState.SCHEDULED
        && Objects.equals(current.nextAttemptAt(), updated.nextAttemptAt());
    if (stillPromoted) {
      target = TaskCell.QUEUED;
    }
    boolean stays = target == cell.where
        && switch (target) {
          case TaskCell.QUEUED -> current.priority() == updated.priority();
          case TaskCell.DUE -> current.nextAttemptAt().equals(updated.nextAttemptAt());
          default -> true;
        };
    if (!stays) {
      leave(cell, current);
      enter(cell, updated, target);
    }
    cell.task = updated;
  }

  /** Takes the cell out of every index for good. Caller holds the monitor. */
  void remove(TaskCell cell) {
    leave(cell, cell.task);
    cell.where = TaskCell.REMOVED;
  }

  /** Moves every SCHEDULED task due at {@code now} into the run queue. Takes cell monitors. */
  void promoteDue(Instant now) {
    for (Map.Entry<DueIndex.Key, TaskCell> first = due.first();
        first != null && !first.getKey().dueAt().isAfter(now);
        first = due.first()) {
      TaskCell cell = first.getValue();
      synchronized (cell) {
        StoredTask task = cell.task;
        if (cell.where == TaskCell.DUE && first.getKey().equals(dueKey(task))) {
          due.remove(first.getKey(), cell);
          queue.add(task.type(), task.priority(), task.seq(), cell);
          cell.where = TaskCell.QUEUED;
        } else {
          due.remove(first.getKey(), cell); // stale: never expected, but never loop on it
        }
      }
    }
  }

  /** The queue position of a queued cell, else empty. Caller holds the monitor. */
  OptionalLong position(TaskCell cell) {
    if (cell.where != TaskCell.QUEUED) {
      return OptionalLong.empty();
    }
    StoredTask task = cell.task;
    long position = queue.position(task.type(), task.priority(), task.seq());
    return position < 0 ? OptionalLong.empty() : OptionalLong.of(position);
  }

  /**
   * Takes a cell out of the queue if it is still the queued task {@code head} saw, so that it can be
   * claimed. Caller holds the cell's monitor.
   */
  boolean takeQueued(TaskCell cell, RunQueue.Head head, int weight) {
    StoredTask task = cell.task;
    if (cell.where != TaskCell.QUEUED
        || task.seq() != head.seq()
        || task.priority().weight() != weight) {
      return false;
    }
    queue.remove(task.type(), task.priority(), task.seq());
    cell.where = TaskCell.NONE;
    return true;
  }

  RunQueue queue() {
    return queue;
  }

  /** RUNNING tasks whose lease expired at or before {@code now}, earliest expiry first. */
  List<StoredTask> expired(Instant now, int max) {
    List<StoredTask> found = new ArrayList<>();
    for (TaskCell cell : running) {
      StoredTask task = cell.task;
      if (task.state() == TaskState.RUNNING
          && task.leaseExpiresAt() != null
          && !task.leaseExpiresAt().isAfter(now)) {
        found.add(task);
      }
    }
    found.sort((a, b) -> {
      int byExpiry = a.leaseExpiresAt().compareTo(b.leaseExpiresAt());
      return byExpiry != 0 ? byExpiry : Long.compare(a.seq(), b.seq());
    });
    return found.size() <= max ? found : new ArrayList<>(found.subList(0, Math.max(0, max)));
  }

  private static byte targetOf(StoredTask task) {
    return switch (task.state()) {
      case PENDING -> TaskCell.QUEUED;
      case SCHEDULED -> task.nextAttemptAt() == null ? TaskCell.NONE : TaskCell.DUE;
      case RUNNING -> TaskCell.RUNNING;
      default -> TaskCell.NONE;
    };
  }

  private static DueIndex.Key dueKey(StoredTask task) {
    return task.nextAttemptAt() == null ? null : new DueIndex.Key(task.nextAttemptAt(), task.seq());
  }

  private void enter(TaskCell cell, StoredTask task, byte target) {
    switch (target) {
      case TaskCell.QUEUED -> queue.add(task.type(), task.priority(), task.seq(), cell);
      case TaskCell.DUE -> due.add(task.nextAttemptAt(), task.seq(), cell);
      case TaskCell.RUNNING -> running.add(cell);
      default -> {}
    }
    cell.where = target;
  }

  private void leave(TaskCell cell, StoredTask task) {
    switch (cell.where) {
      case TaskCell.QUEUED -> queue.remove(task.type(), task.priority(), task.seq());
      case TaskCell.DUE -> due.remove(task.nextAttemptAt(), task.seq());
      case TaskCell.RUNNING -> running.remove(cell);
      default -> {}
    }
    cell.where = TaskCell.NONE;
  }
}
