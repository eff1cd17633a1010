package io.btmanager.core;

import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.TaskNotFoundException;
import io.btmanager.core.internal.Engine;
import io.btmanager.core.internal.Scope;
import io.btmanager.core.query.Page;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Task;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * What a user view and the admin view share: reading, listing, stopping and deleting tasks by one
 * id, many ids or a query (rule 9), each with a result per task. Thread-safe.
 */
public abstract sealed class TasksView permits UserTasks, AdminTasks {
  final Engine engine;
  final Scope scope;

  TasksView(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  /**
   * The task as the store has it now (this is also "refresh"), with its queue position and ETA.
   *
   * @throws TaskNotFoundException when it does not exist or is not visible to this view
   */
  public Task get(String taskId) {
    return engine.reads().get(scope, single(taskId));
  }

  /** The task, or empty when it does not exist or is not visible to this view. */
  public Optional<Task> find(String taskId) {
    single(taskId);
    try {
      return Optional.of(get(taskId));
    } catch (TaskNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Waits until the task has finished (SUCCEEDED, FAILED or CANCELLED) or {@code timeout} passes,
   * woken by the task's events rather than polling, and returns it as it is then: check {@link
   * Task#isActive()} to tell a timeout.
   *
   * @throws TaskNotFoundException when it does not exist, is not visible to this view, or was
   *     deleted while waiting
   * @throws InterruptedException when the calling thread is interrupted
   */
  public Task awaitFinished(String taskId, Duration timeout) throws InterruptedException {
    if (timeout == null || timeout.isNegative()) {
      throw new InvalidInputException("timeout", "is " + timeout, "zero or a positive duration");
    }
    CountDownLatch finished = new CountDownLatch(1);
    try (Subscription s = engine.events().subscribe(scope.user(), e -> {
      if (e.taskId().equals(taskId)
          && (e.task().state().isFinished() || e.kind() == TaskEventKind.DELETED)) {
        finished.countDown();
      }
    })) {
      Task t = get(taskId);
      if (t.state().isFinished()) {
        return t;
      }
      finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return get(taskId);
    }
  }

  /** Many tasks in one call: FOUND with the task, or NOT_FOUND, per id in order. */
  public BulkResult get(Collection<String> taskIds) {
    return new BulkResult(engine.reads().getAll(scope, ids(taskIds)));
  }

  /** One page of the visible tasks matching {@code query}. */
  public Page<Task> list(TaskQuery query) {
    return engine.reads().list(scope, require(query));
  }

  /** Every attempt of a task, oldest first. */
  public List<Execution> executions(String taskId) {
    return engine.reads().executions(scope, single(taskId));
  }

  /**
   * Stops one task; see {@link UserTasks} and {@link AdminTasks} for what stop means. A task that
   * does not exist or is not visible answers NOT_FOUND.
   */
  public TaskResult stop(String taskId) {
    return engine.rules().stop(scope, single(taskId));
  }

  /** Stops each of these tasks. */
  public BulkResult stop(Collection<String> taskIds) {
    return each(ids(taskIds), id -> engine.rules().stop(scope, id));
  }

  /** Stops every visible task matching {@code query} (paging ignored). */
  public BulkResult stop(TaskQuery query) {
    return stop(engine.reads().ids(scope, require(query)));
  }

  /** Stops every visible active task. */
  public BulkResult stopAll() {
    return stop(TaskQuery.mine().active());
  }

  /**
   * Deletes one task; see {@link UserTasks} and {@link AdminTasks} for what delete means. A task
   * that does not exist or is not visible answers NOT_FOUND.
   */
  public TaskResult delete(String taskId) {
    return engine.rules().delete(scope, single(taskId));
  }

  /** Deletes each of these tasks. */
  public BulkResult delete(Collection<String> taskIds) {
    return each(ids(taskIds), id -> engine.rules().delete(scope, id));
  }

  /** Deletes every visible task matching {@code query} (paging ignored). */
  public BulkResult delete(TaskQuery query) {
    return delete(engine.reads().ids(scope, require(query)));
  }

  /** Deletes every visible task. */
  public BulkResult deleteAll() {
    return delete(TaskQuery.mine());
  }

  static BulkResult each(List<String> ids, Function<String, TaskResult> f) {
    return BulkResult.of(ids, f);
  }

  static List<String> ids(Collection<String> taskIds) {
    if (taskIds == null) {
      throw new InvalidInputException("taskIds", "is null", "a collection of task ids");
    }
    return taskIds.stream().map(TasksView::single).distinct().toList();
  }

  static String single(String taskId) {
    if (taskId == null || taskId.isBlank()) {
      throw new InvalidInputException(
          "taskId", "is " + (taskId == null ? "null" : "blank"), "a task id as returned by submit");
    }
    return taskId;
  }

  static TaskQuery require(TaskQuery q) {
    if (q == null) {
      throw new InvalidInputException("query", "is null", "a TaskQuery, e.g. TaskQuery.mine()");
    }
    return q;
  }
}
