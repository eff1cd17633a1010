package io.btmanager.testkit;

import static io.btmanager.testkit.BtAssertions.assertThat;
import static io.btmanager.testkit.BtAssertions.assertThatThrownBy;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskAssertTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  static final TaskError IO_ERROR =
      new TaskError(ErrorKind.IO, "The disk could not be read.", "Check the disk.", true, "trace");
  static final TaskError BAD_ARGS =
      new TaskError(ErrorKind.BAD_ARGUMENTS, "Width is negative.", "Fix it.", false, "trace");

  /** A task snapshot with plain values; the arguments are the fields tests vary. */
  static Task task(
      TaskState state,
      Set<String> owners,
      int attempt,
      long queuePosition,
      Progress progress,
      TaskError error,
      String resultJson) {
    return new Task(
        "task-1",
        "resize",
        "Resize",
        "",
        "{}",
        "key",
        state,
        Priority.MEDIUM,
        owners,
        null,
        progress,
        T0,
        null,
        null,
        resultJson,
        error,
        attempt,
        3,
        null,
        null,
        null,
        queuePosition,
        null,
        1);
  }

  static Task inState(TaskState state) {
    return task(state, Set.of("alice"), 1, -1, Progress.NONE, null, null);
  }

  static final Map<TaskState, UnaryOperator<TaskAssert>> STATE_ASSERTIONS = new EnumMap<>(Map.of(
      TaskState.PENDING, TaskAssert::isPending,
      TaskState.SCHEDULED, TaskAssert::isScheduled,
      TaskState.RUNNING, TaskAssert::isRunning,
      TaskState.SUCCEEDED, TaskAssert::hasSucceeded,
      TaskState.FAILED, TaskAssert::hasFailed,
      TaskState.CANCELLED, TaskAssert::wasCancelled));

  @Test
  void eachStateAssertionPassesOnlyInItsState() {
    assertThat(STATE_ASSERTIONS).hasSize(TaskState.values().length);
    for (TaskState expected : TaskState.values()) {
      UnaryOperator<TaskAssert> assertion = STATE_ASSERTIONS.get(expected);
      for (TaskState actual : TaskState.values()) {
        Task t = inState(actual);
        if (actual == expected) {
          assertion.apply(assertThat(t));
          assertThat(t).isInState(expected);
        } else {
          assertThatThrownBy(() -> assertion.apply(assertThat(t)))
              .as("%s asserted on a %s task", expected, actual)
              .isInstanceOf(AssertionError.class)
              .hasMessageContaining("task-1")
              .hasMessageContaining("to be in state:%n  %s", expected)
              .hasMessageContaining("but it is in state:%n  %s", actual);
          assertThatThrownBy(() -> assertThat(t).isInState(expected))
              .isInstanceOf(AssertionError.class);
        }
      }
    }
  }

  @Test
  void aStateFailureSaysWhyTheTaskFailed() {
    Task failed = task(TaskState.FAILED, Set.of("alice"), 1, -1, Progress.NONE, IO_ERROR, null);

    assertThatThrownBy(() -> assertThat(failed).hasSucceeded())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("task 'task-1' (type 'resize', state FAILED, attempt 1 of 3)")
        .hasMessageContaining("The disk could not be read.");
  }

  @Test
  void aNullTaskFails() {
    assertThatThrownBy(() -> assertThat((Task) null).isPending())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void hasOwnersComparesTheExactSetInAnyOrder() {
    Task t = task(TaskState.PENDING, Set.of("alice", "bob"), 0, 0, Progress.NONE, null, null);

    assertThat(t).hasOwners("bob", "alice");
    assertThatThrownBy(() -> assertThat(t).hasOwners("alice"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(String.format("to be owned by exactly:%n  [alice]"))
        .hasMessageContaining("[alice, bob]");
    assertThatThrownBy(() -> assertThat(t).hasOwners("alice", "bob", "carol"))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void isOwnedByAcceptsAnyOwner() {
    Task t = task(TaskState.PENDING, Set.of("alice", "bob"), 0, 0, Progress.NONE, null, null);

    assertThat(t).isOwnedBy("alice").isOwnedBy("bob");
    assertThatThrownBy(() -> assertThat(t).isOwnedBy("carol"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("carol")
        .hasMessageContaining("task-1");
  }

  @Test
  void hasAttempts() {
    Task t = task(TaskState.SCHEDULED, Set.of("alice"), 2, -1, Progress.NONE, IO_ERROR, null);

    assertThat(t).hasAttempts(2);
    assertThatThrownBy(() -> assertThat(t).hasAttempts(3))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have started 3 attempt(s)")
        .hasMessageContaining("but it has started 2");
  }

  @Test
  void hasQueuePosition() {
    Task pending = task(TaskState.PENDING, Set.of("alice"), 0, 4, Progress.NONE, null, null);
    Task running = inState(TaskState.RUNNING);

    assertThat(pending).hasQueuePosition(4);
    assertThatThrownBy(() -> assertThat(pending).hasQueuePosition(0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(String.format("to have queue position:%n  0"));
    assertThatThrownBy(() -> assertThat(running).hasQueuePosition(0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("none (it is not pending)");
  }

  @Test
  void hasProgress() {
    Task t =
        task(TaskState.RUNNING, Set.of("alice"), 1, -1, new Progress(2, 5, "copying"), null, null);

    assertThat(t).hasProgress(2, 5);
    assertThatThrownBy(() -> assertThat(t).hasProgress(5, 5))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("5/5")
        .hasMessageContaining("2/5 \"copying\"");
    assertThatThrownBy(() -> assertThat(t).hasProgress(2, 6)).isInstanceOf(AssertionError.class);
  }

  @Test
  void hasErrorKind() {
    Task failed = task(TaskState.FAILED, Set.of("alice"), 1, -1, Progress.NONE, IO_ERROR, null);

    assertThat(failed).hasErrorKind(ErrorKind.IO);
    assertThatThrownBy(() -> assertThat(failed).hasErrorKind(ErrorKind.TIMEOUT))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("TIMEOUT")
        .hasMessageContaining(String.format("but its error is of kind:%n  IO"));
    assertThatThrownBy(() -> assertThat(inState(TaskState.SUCCEEDED)).hasErrorKind(ErrorKind.IO))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("but it has no error");
  }

  @Test
  void hasErrorSummaryContaining() {
    Task failed = task(TaskState.FAILED, Set.of("alice"), 1, -1, Progress.NONE, IO_ERROR, null);

    assertThat(failed).hasErrorSummaryContaining("could not be read");
    assertThatThrownBy(() -> assertThat(failed).hasErrorSummaryContaining("timed out"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("\"timed out\"")
        .hasMessageContaining("\"The disk could not be read.\"");
    assertThatThrownBy(() -> assertThat(inState(TaskState.PENDING)).hasErrorSummaryContaining("x"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no error");
  }

  @Test
  void isRetryable() {
    Task retryable = task(TaskState.FAILED, Set.of("alice"), 1, -1, Progress.NONE, IO_ERROR, null);
    Task notRetryable =
        task(TaskState.FAILED, Set.of("alice"), 1, -1, Progress.NONE, BAD_ARGS, null);

    assertThat(retryable).isRetryable();
    assertThatThrownBy(() -> assertThat(notRetryable).isRetryable())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("is not retryable")
        .hasMessageContaining("BAD_ARGUMENTS");
    assertThatThrownBy(() -> assertThat(inState(TaskState.SUCCEEDED)).isRetryable())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void hasResultJson() {
    Task t = task(TaskState.SUCCEEDED, Set.of("alice"), 1, -1, Progress.NONE, null, "\"done\"");

    assertThat(t).hasResultJson("\"done\"");
    assertThat(inState(TaskState.PENDING)).hasResultJson(null);
    assertThatThrownBy(() -> assertThat(t).hasResultJson("done"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(String.format("to have the result JSON:%n  done%n"))
        .hasMessageContaining("\"done\"");
    assertThatThrownBy(() -> assertThat(inState(TaskState.PENDING)).hasResultJson("1"))
        .isInstanceOf(AssertionError.class);
  }

  /** The same assertions on tasks the engine really made. */
  @Nested
  class OnRealTasks {
    final TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");
    final TaskDefinition<Args, String> fails = TestTaskTypes.alwaysFails("fails");

    @RegisterExtension
    final TaskManagerExtension tasks = TaskManagerExtension.with(ok, fails);

    @Test
    void pendingTasksInQueueOrder() {
      String first = tasks.forUser("alice").submit(ok, Args.of("1")).id();
      String second = tasks.forUser("bob").submit(ok, Args.of("2")).id();
      tasks.forUser("bob").submit(ok, Args.of("1")); // joins the first

      assertThat(tasks.admin().get(first))
          .isPending()
          .hasQueuePosition(0)
          .hasOwners("alice", "bob")
          .hasAttempts(0);
      assertThat(tasks.admin().get(second)).isPending().hasQueuePosition(1).hasOwners("bob");
      assertThatThrownBy(() -> assertThat(tasks.admin().get(second)).hasQueuePosition(0))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining(second);
    }

    @Test
    void finishedTasks() {
      String good = tasks.forUser("alice").submit(ok, Args.of("x")).id();
      String bad = tasks.forUser("alice").submit(fails, Args.of("y")).id();

      tasks.runUntilIdle();

      assertThat(tasks.forUser("alice").get(good)).hasSucceeded().hasResultJson("\"x\"");
      assertThat(tasks.forUser("alice").get(bad))
          .hasFailed()
          .hasErrorKind(ErrorKind.IO)
          .isRetryable()
          .hasErrorSummaryContaining("could not read or write");
      assertThatThrownBy(() -> assertThat(tasks.forUser("alice").get(bad)).hasSucceeded())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining(bad)
          .hasMessageContaining("FAILED");
    }
  }
}
