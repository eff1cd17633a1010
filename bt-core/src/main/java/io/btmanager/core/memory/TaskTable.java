package io.btmanager.core.memory;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Execution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The tasks and their indexes: id to cell, the active dedup key to the cell of the one active task
 * with that key, owners, configuration references and placement (queue, due, running).
 *
 * <p>Lock order, outermost first: the {@code activeByKey} bin of a key, then a task's cell monitor,
 * then the innermost ones (a lane, a bin of {@code tasks}, of the owner index or of the
 * configurations). Nothing takes {@code activeByKey} while holding a cell: a task that finishes is
 * written under its cell, and its key is dropped afterwards with a conditional remove; meanwhile a
 * submit that finds the key mapped to a finished or removed cell treats it as absent.
 */
final class TaskTable {

  private final ConcurrentHashMap<String, TaskCell> tasks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TaskCell> activeByKey = new ConcurrentHashMap<>();
  private final AtomicLong seqs = new AtomicLong();
  private final OwnerIndex owners = new OwnerIndex();
  private final ConfigurationTable configurations;
  private final Placement placement;

  TaskTable(ConfigurationTable configurations, Placement placement) {
    this.configurations = configurations;
    this.placement = placement;
  }

  Placement placement() {
    return placement;
  }

  SubmitResult submit(NewTask task) {
    String configurationId = task.configurationId();
    if (configurationId != null && !configurations.exists(configurationId)) {
      throw new ConfigurationNotFoundException(configurationId);
    }
    SubmitResult[] result = new SubmitResult[1];
    activeByKey.compute(task.dedupKey(), (key, existing) -> {
      if (existing != null) {
        synchronized (existing) {
          if (existing.where != TaskCell.REMOVED && existing.task.state().isActive()) {
            result[0] = new SubmitResult(join(existing, task.owner()), true);
            return existing;
          }
        }
      }
      TaskCell cell = insert(task);
      result[0] = new SubmitResult(cell.task, false);
      return cell;
    });
    return result[0];
  }

  private StoredTask join(TaskCell cell, String owner) {
    StoredTask current = cell.task;
    if (current.owners().contains(owner)) {
      return current;
    }
    StoredTask joined = current.withOwner(owner).withVersion(current.version() + 1);
    owners.add(owner, joined.id());
    placement.update(cell, joined);
    return joined;
  }

  private TaskCell insert(NewTask task) {
    if (task.configurationId() != null) {
      configurations.acquire(task.configurationId());
    }
    TaskCell cell = new TaskCell(StoredTask.created(task, seqs.incrementAndGet(), 1));
    synchronized (cell) {
      if (tasks.putIfAbsent(task.id(), cell) != null) {
        if (task.configurationId() != null) {
          configurations.release(task.configurationId());
        }
        throw new IllegalArgumentException("a task with id '" + task.id() + "' already exists");
      }
      owners.add(task.owner(), task.id());
      placement.insert(cell);
    }
    return cell;
  }

  TaskCell cell(String id) {
    return tasks.get(id);
  }

  Optional<StoredTask> find(String id) {
    TaskCell cell = tasks.get(id);
    return cell == null ? Optional.empty() : Optional.of(cell.task);
  }

  List<StoredTask> findAll(Collection<String> ids) {
    List<StoredTask> found = new ArrayList<>(ids.size());
    for (String id : ids) {
      TaskCell cell = tasks.get(id);
      if (cell != null) {
        found.add(cell.task);
      }
    }
    return found;
  }

  /** The current snapshots of the tasks of {@code owner}, or of all tasks when null. */
  List<StoredTask> snapshot(String owner) {
    List<StoredTask> found = new ArrayList<>();
    if (owner == null) {
      tasks.values().forEach(cell -> found.add(cell.task));
      return found;
    }
    for (String id : owners.ids(owner)) {
      TaskCell cell = tasks.get(id);
      if (cell != null && cell.task.owners().contains(owner)) {
        found.add(cell.task);
      }
    }
    return found;
  }

  OptionalLong queuePosition(String id, Instant now) {
    placement.promoteDue(now);
    TaskCell cell = tasks.get(id);
    if (cell == null) {
      return OptionalLong.empty();
    }
    synchronized (cell) {
      return placement.position(cell);
    }
  }

  /**
   * Writes {@code change} of the task if it still has {@code version} and {@code precondition}
   * holds: one named operation of the SPI, under the task's cell monitor.
   */
  boolean change(
      String id,
      long version,
      Predicate<StoredTask> precondition,
      UnaryOperator<StoredTask> change) {
    TaskCell cell = tasks.get(id);
    if (cell == null) {
      return false;
    }
    StoredTask current;
    StoredTask next;
    synchronized (cell) {
      current = cell.task;
      if (cell.where == TaskCell.REMOVED
          || current.version() != version
          || !precondition.test(current)) {
        return false;
      }
      next = change.apply(current).withVersion(current.version() + 1);
      write(cell, next, null);
    }
    dropKeyIfFinished(cell, current, next);
    return true;
  }

  /**
   * Writes {@code next} over the cell's task and keeps the indexes in step: configuration reference
   * (acquired first, so a missing one changes nothing), owners, placement, executions. Caller holds
   * the cell's monitor and calls {@link #dropKeyIfFinished} after releasing it.
   */
  void write(TaskCell cell, StoredTask next, Execution execution) {
    StoredTask current = cell.task;
    String before = current.state().isActive() ? current.configurationId() : null;
    String after = next.state().isActive() ? next.configurationId() : null;
    if (!Objects.equals(before, after)) {
      if (after != null) {
        configurations.acquire(after);
      }
      if (before != null) {
        configurations.release(before);
      }
    }
    owners.update(next.id(), current.owners(), next.owners());
    placement.update(cell, next);
    if (execution != null) {
      cell.addExecution(execution);
    }
  }

  /** Drops the active dedup key of a task that just finished. Caller holds no cell monitor. */
  void dropKeyIfFinished(TaskCell cell, StoredTask before, StoredTask after) {
    if (before.state().isActive() && after.state().isFinished()) {
      activeByKey.remove(before.dedupKey(), cell);
    }
  }

  boolean delete(String id, long version) {
    TaskCell cell = tasks.get(id);
    if (cell == null) {
      return false;
    }
    StoredTask current;
    synchronized (cell) {
      current = cell.task;
      if (cell.where == TaskCell.REMOVED || current.version() != version) {
        return false;
      }
      removeLocked(cell, current);
    }
    if (current.state().isActive()) {
      activeByKey.remove(current.dedupKey(), cell);
    }
    return true;
  }

  private void removeLocked(TaskCell cell, StoredTask current) {
    placement.remove(cell);
    tasks.remove(current.id(), cell);
    for (String owner : current.owners()) {
      owners.remove(owner, current.id());
    }
    if (current.state().isActive() && current.configurationId() != null) {
      configurations.release(current.configurationId());
    }
    cell.clearExecutions();
  }

  int purgeFinishedBefore(Instant cutoff, int max) {
    int purged = 0;
    for (TaskCell cell : tasks.values()) {
      if (purged >= max) {
        break;
      }
      if (!finishedBefore(cell.task, cutoff)) {
        continue;
      }
      synchronized (cell) {
        if (cell.where != TaskCell.REMOVED && finishedBefore(cell.task, cutoff)) {
          removeLocked(cell, cell.task);
          purged++;
        }
      }
    }
    return purged;
  }

  private static boolean finishedBefore(StoredTask task, Instant cutoff) {
    return task.state().isFinished()
        && task.finishedAt() != null
        && task.finishedAt().isBefore(cutoff);
  }

  List<Execution> executions(String taskId) {
    TaskCell cell = tasks.get(taskId);
    if (cell == null) {
      return List.of();
    }
    synchronized (cell) {
      return cell.executions();
    }
  }
}
