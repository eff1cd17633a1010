package io.btmanager.core.query;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which tasks a listing or a bulk call takes, in which order, and which page. Immutable: every
 * {@code with}-style method returns a new query. Filters combine with AND; an empty set means "any".
 * Periods are half-open: {@code from} inclusive, {@code to} exclusive; a null bound is open, and
 * so is a bound outside the years 1 to 9999 that stores keep (such as {@code Instant.MIN}). Bounds
 * are cut to the whole microsecond, as stores keep instants.
 *
 * <pre>{@code
 * TaskQuery.mine().type("resize-image").state(TaskState.RUNNING)
 * TaskQuery.mine().finishedBetween(monday, tuesday).collapseDuplicates().sortBy(TaskSort.FINISHED_AT, true)
 * TaskQuery.mine().ranBetween(monday, tuesday)   // some attempt started on Monday
 * }</pre>
 *
 * @param types task type names, empty for any
 * @param states states, empty for any
 * @param createdFrom created at or after this, or null
 * @param createdTo created before this, or null
 * @param finishedFrom finished at or after this, or null
 * @param finishedTo finished before this, or null
 * @param ranFrom some attempt of the task started at or after this (and before {@code ranTo}), or
 *     null
 * @param ranTo some attempt of the task started before this (and at or after {@code ranFrom}), or
 *     null
 * @param collapsed show each group of finished duplicates as its latest run (rule 5)
 * @param sort what the listing is ordered by
 * @param descending whether the order is reversed
 * @param offset how many matching tasks to skip, at least 0
 * @param limit the most tasks to return, from 1 to {@link #MAX_LIMIT}
 */
public record TaskQuery(
    Set<String> types,
    Set<TaskState> states,
    Instant createdFrom,
    Instant createdTo,
    Instant finishedFrom,
    Instant finishedTo,
    Instant ranFrom,
    Instant ranTo,
    boolean collapsed,
    TaskSort sort,
    boolean descending,
    int offset,
    int limit) {

  /** The largest page a query may ask for. */
  public static final int MAX_LIMIT = 10_000;

  /** The page size of {@link #mine()} and {@link #all()}. */
  public static final int DEFAULT_LIMIT = 100;

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  public TaskQuery {
    types = Set.copyOf(noNulls("types", types, "task type names"));
    states = noNulls("states", states, "TaskState values").isEmpty()
        ? Set.of()
        : Set.copyOf(EnumSet.copyOf(states));
    if (sort == null) {
      throw new InvalidInputException("sort", "is null", Arrays.toString(TaskSort.values()));
    }
    createdFrom = bound(createdFrom);
    createdTo = bound(createdTo);
    finishedFrom = bound(finishedFrom);
    finishedTo = bound(finishedTo);
    ranFrom = bound(ranFrom);
    ranTo = bound(ranTo);
    if (offset < 0) {
      throw new InvalidInputException("offset", "is " + offset, "0 or more");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException("limit", "is " + limit, "1 to " + MAX_LIMIT);
    }
    if (createdFrom != null && createdTo != null && createdTo.isBefore(createdFrom)) {
      throw new InvalidInputException(
          "createdTo", "is before createdFrom", "a period whose end is not before its start");
    }
    if (finishedFrom != null && finishedTo != null && finishedTo.isBefore(finishedFrom)) {
      throw new InvalidInputException(
          "finishedTo", "is before finishedFrom", "a period whose end is not before its start");
    }
    if (ranFrom != null && ranTo != null && ranTo.isBefore(ranFrom)) {
      throw new InvalidInputException(
          "ranTo", "is before ranFrom", "a period whose end is not before its start");
    }
  }

  /** All of the caller's tasks, newest first, first page of {@value #DEFAULT_LIMIT}. */
  public static TaskQuery mine() {
    return new TaskQuery(
        Set.of(),
        Set.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        TaskSort.CREATED_AT,
        true,
        0,
        DEFAULT_LIMIT);
  }

  /** The same as {@link #mine()}; reads better on the admin view, where it means every task. */
  public static TaskQuery all() {
    return mine();
  }

  /** Only tasks of these types (a name given twice counts once). */
  public TaskQuery type(String... typeNames) {
    Set<String> given = new HashSet<>(noNulls("typeNames", asList(typeNames), "task type names"));
    return edit(q -> q.types = given);
  }

  /** Only tasks in these states (a state given twice counts once). */
  public TaskQuery state(TaskState... anyOf) {
    List<TaskState> given = noNulls("states", asList(anyOf), "TaskState values");
    Set<TaskState> s = given.isEmpty() ? Set.of() : EnumSet.copyOf(given);
    return edit(q -> q.states = s);
  }

  /** Only active tasks (PENDING, SCHEDULED, RUNNING). */
  public TaskQuery active() {
    return state(TaskState.PENDING, TaskState.SCHEDULED, TaskState.RUNNING);
  }

  /** Only finished tasks (SUCCEEDED, FAILED, CANCELLED). */
  public TaskQuery finished() {
    return state(TaskState.SUCCEEDED, TaskState.FAILED, TaskState.CANCELLED);
  }

  /** Only tasks created in {@code [from, to)}; either bound may be null. */
  public TaskQuery createdBetween(Instant from, Instant to) {
    return edit(q -> {
      q.createdFrom = from;
      q.createdTo = to;
    });
  }

  /** Only tasks finished in {@code [from, to)}; either bound may be null. */
  public TaskQuery finishedBetween(Instant from, Instant to) {
    return edit(q -> {
      q.finishedFrom = from;
      q.finishedTo = to;
    });
  }

  /**
   * Only tasks that ran in {@code [from, to)}: some attempt of the task (the one running now, or one
   * that has ended) started in the period. A task that never started does not match. Either bound
   * may be null; with both null this filter takes every task.
   */
  public TaskQuery ranBetween(Instant from, Instant to) {
    return edit(q -> {
      q.ranFrom = from;
      q.ranTo = to;
    });
  }

  /** Show each group of finished duplicates as its latest run, with the group's size (rule 5). */
  public TaskQuery collapseDuplicates() {
    return edit(q -> q.collapsed = true);
  }

  /**
   * Order by {@code by}, reversed when {@code descending}.
   *
   * @throws InvalidInputException when {@code by} is null
   */
  public TaskQuery sortBy(TaskSort by, boolean descending) {
    return edit(q -> {
      q.sort = by;
      q.descending = descending;
    });
  }

  /** Skip {@code offset} matching tasks and return at most {@code limit}. */
  public TaskQuery page(int offset, int limit) {
    return edit(q -> {
      q.offset = offset;
      q.limit = limit;
    });
  }

  /** This query with {@code change} made: validated by the canonical constructor, as any query. */
  private TaskQuery edit(Consumer<Draft> change) {
    Draft d = new Draft(this);
    change.accept(d);
    return d.build();
  }

  /** A query's components, open to change for one copy method. */
  private static final class Draft {
    Set<String> types;
    Set<TaskState> states;
    Instant createdFrom;
    Instant createdTo;
    Instant finishedFrom;
    Instant finishedTo;
    Instant ranFrom;
    Instant ranTo;
    boolean collapsed;
    TaskSort sort;
    boolean descending;
    int offset;
    int limit;

    Draft(TaskQuery q) {
      types = q.types;
      states = q.states;
      createdFrom = q.createdFrom;
      createdTo = q.createdTo;
      finishedFrom = q.finishedFrom;
      finishedTo = q.finishedTo;
      ranFrom = q.ranFrom;
      ranTo = q.ranTo;
      collapsed = q.collapsed;
      sort = q.sort;
      descending = q.descending;
      offset = q.offset;
      limit = q.limit;
    }

    TaskQuery build() {
      return new TaskQuery(
          types,
          states,
          createdFrom,
          createdTo,
          finishedFrom,
          finishedTo,
          ranFrom,
          ranTo,
          collapsed,
          sort,
          descending,
          offset,
          limit);
    }
  }

  /**
   * An instant beyond what a store keeps (e.g. Instant.MIN or MAX) bounds nothing: open. Others are
   * cut to the whole microsecond, as every store keeps instants, so that all compare alike.
   */
  private static Instant bound(Instant i) {
    return i == null || i.isBefore(EARLIEST) || i.isAfter(LATEST)
        ? null
        : i.truncatedTo(ChronoUnit.MICROS);
  }

  private static <T> List<T> asList(T[] values) {
    return values == null ? null : Arrays.asList(values);
  }

  private static <T, C extends Collection<T>> C noNulls(String field, C values, String accepted) {
    if (values == null || values.stream().anyMatch(Objects::isNull)) {
      throw new InvalidInputException(
          field, values == null ? "is null" : "contains null", "zero or more " + accepted);
    }
    return values;
  }
}
