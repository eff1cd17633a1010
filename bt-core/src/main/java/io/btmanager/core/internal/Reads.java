package io.btmanager.core.internal;

import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.exception.TaskNotFoundException;
import io.btmanager.core.query.Page;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading tasks through a scope (rule 1): get, bulk get, listings, executions. */
public final class Reads {
  private final Engine engine;

  Reads(Engine engine) {
    this.engine = engine;
  }

  /**
   * @throws TaskNotFoundException when the task does not exist or is not visible to the scope
   */
  public Task get(Scope scope, String id) {
    return engine.views().view(stored(scope, id));
  }

  StoredTask stored(Scope scope, String id) {
    StoredTask t = id == null ? null : engine.store().find(id).orElse(null);
    if (!scope.sees(t)) {
      throw new TaskNotFoundException(String.valueOf(id));
    }
    return t;
  }

  /** One result per id, in order: FOUND with the task, or NOT_FOUND. */
  public List<TaskResult> getAll(Scope scope, List<String> ids) {
    Map<String, StoredTask> found = new HashMap<>();
    for (StoredTask t : engine.store().findAll(ids)) {
      if (scope.sees(t)) {
        found.put(t.id(), t);
      }
    }
    List<TaskResult> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      StoredTask t = found.get(id);
      out.add(
          t == null
              ? new TaskResult(id, TaskOutcome.NOT_FOUND, null)
              : new TaskResult(id, TaskOutcome.FOUND, engine.views().view(t)));
    }
    return out;
  }

  /** One page of the scope's tasks matching the query. */
  public Page<Task> list(Scope scope, TaskQuery query) {
    StorePage page = engine.query(scope.user(), query);
    Map<String, Integer> groups = new HashMap<>();
    for (StoredTask t : page.tasks()) {
      if (t.state().isFinished()) {
        groups.put(t.id(), page.groupSizes().getOrDefault(t.dedupKey(), 1));
      }
    }
    List<Task> items = engine.views().viewAll(page.tasks(), groups);
    return new Page<>(items, query.offset(), query.limit(), page.total());
  }

  /** Every id matching the query, across all its pages (for bulk calls by query). */
  public List<String> ids(Scope scope, TaskQuery query) {
    List<String> ids = new ArrayList<>();
    TaskQuery q = query.page(0, TaskQuery.MAX_LIMIT);
    while (true) {
      StorePage page = engine.query(scope.user(), q);
      page.tasks().forEach(t -> ids.add(t.id()));
      if (page.tasks().size() < q.limit()) {
        return ids;
      }
      q = q.page(q.offset() + q.limit(), q.limit());
    }
  }

  /**
   * @throws TaskNotFoundException when the task is not visible to the scope
   */
  public List<Execution> executions(Scope scope, String id) {
    stored(scope, id);
    return engine.store().executions(id);
  }

  /** The result of a succeeded task bound to {@code type}, or null when it has none (yet). */
  public <R> R result(Scope scope, String id, Class<R> type) {
    StoredTask t = stored(scope, id);
    return t.resultJson() == null ? null : engine.json().bind(t.resultJson(), type);
  }
}
