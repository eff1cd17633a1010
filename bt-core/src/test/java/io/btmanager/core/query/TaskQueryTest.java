package io.btmanager.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.Set;
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
    assertThat(FULL).isEqualTo(fullAsBuilt());
  }

  @Test
  void typeChangesOnlyTheTypes() {
    TaskQuery q = FULL.type("b", "c");
    assertOnlyChanged(q, "types");
    assertThat(q.types()).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void stateChangesOnlyTheStates() {
    TaskQuery q = FULL.state(TaskState.FAILED, TaskState.FAILED);
    assertOnlyChanged(q, "states");
    assertThat(q.states()).containsExactly(TaskState.FAILED);
  }

  @Test
  void createdBetweenChangesOnlyTheCreatedPeriod() {
    TaskQuery q = FULL.createdBetween(T3, null);
    assertOnlyChanged(q, "createdFrom", "createdTo");
    assertThat(q.createdFrom()).isEqualTo(T3);
    assertThat(q.createdTo()).isNull();
  }

  @Test
  void finishedBetweenChangesOnlyTheFinishedPeriod() {
    TaskQuery q = FULL.finishedBetween(null, T6);
    assertOnlyChanged(q, "finishedFrom", "finishedTo");
    assertThat(q.finishedFrom()).isNull();
    assertThat(q.finishedTo()).isEqualTo(T6);
  }

  @Test
  void ranBetweenChangesOnlyTheRanPeriod() {
    TaskQuery q = FULL.ranBetween(T1, T2);
    assertOnlyChanged(q, "ranFrom", "ranTo");
    assertThat(q.ranFrom()).isEqualTo(T1);
    assertThat(q.ranTo()).isEqualTo(T2);
  }

  @Test
  void sortByChangesOnlyTheOrder() {
    TaskQuery q = FULL.sortBy(TaskSort.PRIORITY, true);
    assertOnlyChanged(q, "sort", "descending");
    assertThat(q.sort()).isEqualTo(TaskSort.PRIORITY);
    assertThat(q.descending()).isTrue();
  }

  @Test
  void pageChangesOnlyThePage() {
    TaskQuery q = FULL.page(0, 1);
    assertOnlyChanged(q, "offset", "limit");
    assertThat(q.offset()).isZero();
    assertThat(q.limit()).isEqualTo(1);
  }

  @Test
  void collapseDuplicatesChangesOnlyTheCollapse() {
    TaskQuery notCollapsed = TaskQuery.mine()
        .type("a")
        .state(TaskState.RUNNING)
        .createdBetween(T1, T2)
        .finishedBetween(T3, T4)
        .ranBetween(T5, T6)
        .sortBy(TaskSort.NAME, false)
        .page(7, 9);
    TaskQuery q = notCollapsed.collapseDuplicates();
    assertOnlyChanged(q, notCollapsed, "collapsed");
    assertThat(q).isEqualTo(FULL);
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
    assertThat(FULL).isEqualTo(fullAsBuilt());
  }

  /** {@code changed} equals {@link #FULL} in every component but {@code fields}. */
  private static void assertOnlyChanged(TaskQuery changed, String... fields) {
    assertOnlyChanged(changed, FULL, fields);
    assertThat(FULL).isEqualTo(fullAsBuilt()); // immutable
  }

  private static void assertOnlyChanged(TaskQuery changed, TaskQuery from, String... fields) {
    assertThat(changed).usingRecursiveComparison().ignoringFields(fields).isEqualTo(from);
    assertThat(changed).isNotEqualTo(from);
  }

  private static TaskQuery fullAsBuilt() {
    return new TaskQuery(
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
        9);
  }
}
