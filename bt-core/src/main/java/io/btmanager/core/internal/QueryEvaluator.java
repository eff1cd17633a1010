package io.btmanager.core.internal;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Execution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Filters, collapses (rule 5), sorts and pages a snapshot of tasks for {@code query}: the one
 * evaluator of queries, used by the in-memory store and by the core for every store that does not
 * {@linkplain io.btmanager.core.spi.StoreCapabilities#filtersQueries() filter queries} itself, so
 * the rules of a listing live in one place.
 */
public final class QueryEvaluator {

  private QueryEvaluator() {}

  /**
   * The page of {@code candidates} matching {@code query}; {@code executions} gives a task's ended
   * attempts, read only for the {@linkplain TaskQuery#ranBetween ran-in-period} filter and only
   * for tasks of more than one attempt whose latest did not start in the period.
   */
  public static StorePage page(
      List<StoredTask> candidates, TaskQuery query, Function<String, List<Execution>> executions) {
    List<StoredTask> rows = new ArrayList<>();
    Map<String, StoredTask> latest = new HashMap<>();
    Map<String, Integer> sizes = new HashMap<>();
    for (StoredTask task : candidates) {
      if (!matches(task, query) || !ran(task, query, executions)) {
        continue;
      }
      if (query.collapsed() && task.state().isFinished()) {
        latest.merge(task.dedupKey(), task, (a, b) -> a.seq() >= b.seq() ? a : b);
        sizes.merge(task.dedupKey(), 1, Integer::sum);
      } else {
        rows.add(task);
      }
    }
    rows.addAll(latest.values());
    int from = Math.min(query.offset(), rows.size());
    int to = (int) Math.min((long) from + query.limit(), rows.size());
    List<StoredTask> page = firstInOrder(rows, order(query), to).subList(from, to);
    Map<String, Integer> groupSizes = new HashMap<>();
    if (query.collapsed()) {
      for (StoredTask task : page) {
        if (task.state().isFinished()) {
          groupSizes.put(task.dedupKey(), sizes.get(task.dedupKey()));
        }
      }
    }
    return new StorePage(page, rows.size(), groupSizes);
  }

  /**
   * The first {@code n} of {@code rows} in {@code order} (a total order: ties broken by seq), sorted.
   * A page near the top of many rows (50 of a user's thousands) is picked with a bounded heap, about
   * one comparison per row, rather than by sorting them all; a page deep in the rows sorts them.
   */
  static List<StoredTask> firstInOrder(List<StoredTask> rows, Comparator<StoredTask> order, int n) {
    if (n > rows.size() / 4) {
      rows.sort(order);
      return rows;
    }
    // the heap's head is the last of the n first seen so far
    java.util.PriorityQueue<StoredTask> heap =
        new java.util.PriorityQueue<>(n + 1, order.reversed());
    for (StoredTask task : rows) {
      if (heap.size() < n) {
        heap.add(task);
      } else if (n > 0 && order.compare(task, heap.peek()) < 0) {
        heap.poll();
        heap.add(task);
      }
    }
    List<StoredTask> first = new ArrayList<>(heap);
    first.sort(order);
    return first;
  }

  static boolean matches(StoredTask task, TaskQuery query) {
    if (!query.types().isEmpty() && !query.types().contains(task.type())) {
      return false;
    }
    if (!query.states().isEmpty() && !query.states().contains(task.state())) {
      return false;
    }
    if (!within(task.createdAt(), query.createdFrom(), query.createdTo())) {
      return false;
    }
    if (query.finishedFrom() == null && query.finishedTo() == null) {
      return true;
    }
    return task.finishedAt() != null
        && within(task.finishedAt(), query.finishedFrom(), query.finishedTo());
  }

  /**
   * Whether some attempt of the task started in the query's ran period: the latest (its {@code
   * startedAt}, also the running one), else one of its ended attempts.
   */
  static boolean ran(
      StoredTask task, TaskQuery query, Function<String, List<Execution>> executions) {
    if (query.ranFrom() == null && query.ranTo() == null) {
      return true;
    }
    if (task.startedAt() == null) {
      return false;
    }
    if (within(task.startedAt(), query.ranFrom(), query.ranTo())) {
      return true;
    }
    return task.attempt() > 1
        && executions.apply(task.id()).stream()
            .anyMatch(e -> within(e.startedAt(), query.ranFrom(), query.ranTo()));
  }

  private static boolean within(Instant at, Instant from, Instant to) {
    return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
  }

  /** The query's order, ties by seq; descending reverses all of it. */
  static Comparator<StoredTask> order(TaskQuery query) {
    Comparator<StoredTask> by = switch (query.sort()) {
      case CREATED_AT -> Comparator.comparing(StoredTask::createdAt);
      case FINISHED_AT ->
        Comparator.comparing(
            StoredTask::finishedAt, Comparator.nullsLast(Comparator.naturalOrder()));
      case PRIORITY -> Comparator.comparingInt(task -> task.priority().weight());
      case NAME -> Comparator.comparing(StoredTask::name);
    };
    Comparator<StoredTask> withTies = by.thenComparingLong(StoredTask::seq);
    return query.descending() ? withTies.reversed() : withTies;
  }
}
