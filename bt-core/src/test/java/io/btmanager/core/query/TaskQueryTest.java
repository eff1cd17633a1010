package io.btmanager.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each copy method of {@link TaskQuery} changes its own components and keeps every other one. */
class TaskQueryTest {
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-01-02T00:00:00Z");
  private static final Instant T3 = Instant.parse("2026-01-03T00:00:00Z");
  private static final Instant T4 = Instant.parse("2026-01-04T00:00:00Z");
  private static final Instant T5 = Instant.parse("2026-01-05T00:00:00Z");
  private static final Instant T6 = Instant.parse("2026-01-06T00:00:00Z");

  /** A query whose every component differs from the defaults and from the others. */
  private static final TaskQuery FULL = TaskQuery.mine()
      .type("a")
      .state(TaskState.RUNNING)
      .createdBetween(T1, T2)
      .finishedBetween(T3, T4)
      .ranBetween(T5, T6)
      .collapseDuplicates()
      .sortBy(TaskSort.NAME, false)
      .page(7, 9);

  @Test
  void theChainedQueryHoldsWhatEachCallSet() {
    assertThat(FULL)
        .isEqualTo(new TaskQuery(
            Set.of("a"),
            Set.of(TaskState.RUNNING),
            T1,
            T2,
            T3,
            T4,
            T5,
            T6,
            true,
            TaskSort.NAME,
            false,
            7,
            9));
  }

  @Test
  void typeChangesOnlyTheTypes() {
    assertOnly(q -> q.type("b", "c"), new Expected().types(Set.of("b", "c")));
  }

  @Test
  void stateChangesOnlyTheStates() {
    assertOnly(
        q -> q.state(TaskState.FAILED, TaskState.FAILED),
        new Expected().states(Set.of(TaskState.FAILED)));
  }

  @Test
  void createdBetweenChangesOnlyTheCreatedPeriod() {
    assertOnly(q -> q.createdBetween(T3, null), new Expected().created(T3, null));
  }

  @Test
  void finishedBetweenChangesOnlyTheFinishedPeriod() {
    assertOnly(q -> q.finishedBetween(null, T6), new Expected().finished(null, T6));
  }

  @Test
  void ranBetweenChangesOnlyTheRanPeriod() {
    assertOnly(q -> q.ranBetween(T1, T2), new Expected().ran(T1, T2));
  }

  @Test
  void sortByChangesOnlyTheOrder() {
    assertOnly(
        q -> q.sortBy(TaskSort.PRIORITY, true), new Expected().sort(TaskSort.PRIORITY, true));
  }

  @Test
  void pageChangesOnlyThePage() {
    assertOnly(q -> q.page(0, 1), new Expected().page(0, 1));
  }

  @Test
  void collapseDuplicatesChangesOnlyTheCollapse() {
    TaskQuery plain = new Expected().collapsed(false).query();
    assertThat(plain.collapseDuplicates()).isEqualTo(new Expected().query());
  }

  @Test
  void aCopyIsValidatedLikeANewQueryAndLeavesTheOriginalAlone() {
    assertThatThrownBy(() -> FULL.finishedBetween(T4, T3))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("finishedTo");
    assertThatThrownBy(() -> FULL.page(-1, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> FULL.sortBy(null, true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("sort");
    assertThat(FULL).isEqualTo(new Expected().query());
  }

  private static void assertOnly(UnaryOperator<TaskQuery> change, Expected expected) {
    assertThat(change.apply(FULL)).isEqualTo(expected.query());
    assertThat(FULL).isEqualTo(new Expected().query()); // immutable
  }

  /** {@link #FULL}'s components, with the ones a test expects changed. */
  private static final class Expected {
    private Set<String> types = Set.of("a");
    private Set<TaskState> states = Set.of(TaskState.RUNNING);
    private Instant createdFrom = T1;
    private Instant createdTo = T2;
    private Instant finishedFrom = T3;
    private Instant finishedTo = T4;
    private Instant ranFrom = T5;
    private Instant ranTo = T6;
    private boolean collapsed = true;
    private TaskSort sort = TaskSort.NAME;
    private boolean descending;
    private int offset = 7;
    private int limit = 9;

    Expected types(Set<String> v) {
      types = v;
      return this;
    }

    Expected states(Set<TaskState> v) {
      states = v;
      return this;
    }

    Expected created(Instant from, Instant to) {
      createdFrom = from;
      createdTo = to;
      return this;
    }

    Expected finished(Instant from, Instant to) {
      finishedFrom = from;
      finishedTo = to;
      return this;
    }

    Expected ran(Instant from, Instant to) {
      ranFrom = from;
      ranTo = to;
      return this;
    }

    Expected collapsed(boolean v) {
      collapsed = v;
      return this;
    }

    Expected sort(TaskSort by, boolean desc) {
      sort = by;
      descending = desc;
      return this;
    }

    Expected page(int o, int l) {
      offset = o;
      limit = l;
      return this;
    }

    TaskQuery query() {
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
}
