package io.btmanager.testkit;

import static io.btmanager.testkit.BtAssertions.assertThat;
import static io.btmanager.testkit.BtAssertions.assertThatThrownBy;

import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BulkResultAssertTest {
  static final BulkResult MIXED = new BulkResult(List.of(
      new TaskResult("t1", TaskOutcome.CANCELLED, null),
      new TaskResult("t2", TaskOutcome.DETACHED, null),
      new TaskResult("t3", TaskOutcome.CANCELLED, null)));
  static final BulkResult ALL_DELETED = new BulkResult(List.of(
      new TaskResult("t1", TaskOutcome.DELETED, null),
      new TaskResult("t2", TaskOutcome.DELETED, null)));
  static final BulkResult EMPTY = new BulkResult(List.of());

  final TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");

  @RegisterExtension
  final TaskManagerExtension tasks = TaskManagerExtension.with(ok);

  @Test
  void hasOutcome() {
    assertThat(MIXED)
        .hasOutcome("t1", TaskOutcome.CANCELLED)
        .hasOutcome("t2", TaskOutcome.DETACHED);

    assertThatThrownBy(() -> assertThat(MIXED).hasOutcome("t2", TaskOutcome.CANCELLED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(String.format("outcome for task 't2' to be:%n  CANCELLED"))
        .hasMessageContaining(String.format("but it was:%n  DETACHED"))
        .hasMessageContaining("'t1' CANCELLED, 't2' DETACHED, 't3' CANCELLED");
    assertThatThrownBy(() -> assertThat(MIXED).hasOutcome("t9", TaskOutcome.CANCELLED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("'t9'")
        .hasMessageContaining("not about that task");
  }

  @Test
  void allHaveOutcome() {
    assertThat(ALL_DELETED).allHaveOutcome(TaskOutcome.DELETED);

    assertThatThrownBy(() -> assertThat(MIXED).allHaveOutcome(TaskOutcome.CANCELLED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(String.format("but these were not:%n  't2' DETACHED"));
    assertThatThrownBy(() -> assertThat(EMPTY).allHaveOutcome(TaskOutcome.DELETED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no task at all");
  }

  @Test
  void hasCount() {
    assertThat(MIXED)
        .hasCount(TaskOutcome.CANCELLED, 2)
        .hasCount(TaskOutcome.DETACHED, 1)
        .hasCount(TaskOutcome.DELETED, 0);
    assertThat(EMPTY).hasCount(TaskOutcome.NOT_FOUND, 0);

    assertThatThrownBy(() -> assertThat(MIXED).hasCount(TaskOutcome.CANCELLED, 3))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting 3 task(s) with outcome CANCELLED")
        .hasMessageContaining("but there were 2");
  }

  @Test
  void aNullResultFails() {
    assertThatThrownBy(() -> assertThat((BulkResult) null).hasCount(TaskOutcome.FOUND, 0))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void onARealStopOfSharedAndOwnTasks() {
    String shared = tasks.forUser("alice").submit(ok, Args.of("shared")).id();
    tasks.forUser("bob").submit(ok, Args.of("shared"));
    String own = tasks.forUser("bob").submit(ok, Args.of("own")).id();

    BulkResult stopped = tasks.forUser("bob").stop(TaskQuery.mine());

    assertThat(stopped)
        .hasOutcome(shared, TaskOutcome.DETACHED)
        .hasOutcome(own, TaskOutcome.CANCELLED)
        .hasCount(TaskOutcome.CANCELLED, 1);
    assertThatThrownBy(() -> assertThat(stopped).allHaveOutcome(TaskOutcome.CANCELLED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(shared);
    assertThat(tasks.forUser("alice").get(shared)).isPending().hasOwners("alice");
    assertThat(tasks.forUser("alice").get(List.of(shared, own)))
        .hasOutcome(shared, TaskOutcome.FOUND)
        .hasOutcome(own, TaskOutcome.NOT_FOUND);
  }
}
