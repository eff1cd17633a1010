package io.btmanager.testkit;

import static io.btmanager.testkit.BtAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.TaskOutcome;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestTaskTypesTest {
  static final TaskDefinition<Args, String> OK = TestTaskTypes.succeeds("ok");
  static final TaskDefinition<Args, String> FAILS = TestTaskTypes.alwaysFails("fails");
  static final TaskDefinition<Args, String> FLAKY = TestTaskTypes.failsThenSucceeds("flaky", 1);
  static final TaskDefinition<Args, String> STEPS = TestTaskTypes.reportsProgress("steps");
  final CountDownLatch hangStarted = new CountDownLatch(1);
  final TaskDefinition<Args, String> hangs =
      TestTaskTypes.hangsUntilCancelled("hangs", hangStarted);

  @RegisterExtension
  final TaskManagerExtension tasks = TaskManagerExtension.with(OK, FAILS, FLAKY, STEPS, hangs);

  @Test
  void succeedsReturnsItsLabel() {
    UserTasks a = tasks.forUser("a");
    String id = a.submit(OK, Args.of("hello")).id();

    tasks.runUntilIdle();

    assertThat(a.get(id)).hasSucceeded().hasAttempts(1).hasResultJson("\"hello\"");
    assertThat(a.result(id, String.class)).contains("hello");
  }

  @Test
  void alwaysFailsFailsForGoodWithAnIoError() {
    UserTasks a = tasks.forUser("a");
    String id = a.submit(FAILS, Args.of("report.csv")).id();

    assertThat(tasks.runUntilIdle()).isEqualTo(1);

    Task t = a.get(id);
    assertThat(t).hasFailed().hasAttempts(1).hasErrorKind(ErrorKind.IO).isRetryable();
    assertThat(t.error().detail()).contains("the file 'report.csv' cannot be read");
    assertThat(tasks.advanceAndRun(Duration.ofHours(1))).as("no retry").isZero();
    assertThat(a.get(id)).hasFailed();
  }

  @Test
  void failsThenSucceedsFailsTheGivenNumberOfAttemptsThenSucceeds() {
    UserTasks a = tasks.forUser("a");
    String id = a.submit(FLAKY, Args.of("x")).id();

    tasks.runUntilIdle();
    assertThat(a.get(id))
        .isScheduled()
        .hasAttempts(1)
        .hasErrorKind(ErrorKind.IO)
        .hasErrorSummaryContaining("could not read or write");

    tasks.advanceAndRun(Duration.ofSeconds(1));
    assertThat(a.get(id)).hasSucceeded().hasAttempts(2).hasResultJson("\"x\"");
  }

  @Test
  void reportsProgressReportsEveryStepToListenersAndEndsAtNofN() {
    UserTasks a = tasks.forUser("a");
    List<TaskEvent> events = new CopyOnWriteArrayList<>();
    Subscription subscription = a.subscribe(events::add);
    try {
      String id = a.submit(STEPS, new Args("steps", 4)).id();

      tasks.runUntilIdle();

      assertThat(a.get(id)).hasSucceeded().hasProgress(4, 4);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() ->
              assertThat(events).extracting(TaskEvent::kind).contains(TaskEventKind.SUCCEEDED));
      List<Progress> progress = events.stream()
          .filter(e -> e.kind() == TaskEventKind.PROGRESS)
          .map(e -> e.task().progress())
          .toList();
      assertThat(progress).extracting(Progress::done).containsExactly(1L, 2L, 3L, 4L);
      assertThat(progress).extracting(Progress::total).containsOnly(4L);
      assertThat(progress.get(0).message()).isEqualTo("step 1 of 4");
      assertThat(events)
          .extracting(TaskEvent::kind)
          .containsSubsequence(
              TaskEventKind.CREATED,
              TaskEventKind.STARTED,
              TaskEventKind.PROGRESS,
              TaskEventKind.SUCCEEDED);
    } finally {
      subscription.close();
    }
  }

  @Test
  void hangsUntilCancelledEndsCancelledWhenItsOwnerStopsIt() throws Exception {
    UserTasks a = tasks.forUser("a");
    String id = a.submit(hangs, Args.of("forever")).id();
    ManualExecutor executor = tasks.executor();
    Thread worker = new Thread(
        () -> {
          List<ClaimedTask> claimed = executor.runner().claim(1);
          if (!claimed.isEmpty()) {
            executor.runner().run(claimed.get(0));
          }
        },
        "hangs-worker");
    worker.setDaemon(true);
    worker.start();
    try {
      assertThat(hangStarted.await(10, TimeUnit.SECONDS))
          .as("the handler started")
          .isTrue();
      assertThat(a.get(id)).isRunning().hasAttempts(1);

      assertThat(a.stop(id).outcome()).isEqualTo(TaskOutcome.CANCEL_REQUESTED);

      worker.join(Duration.ofSeconds(10).toMillis());
      assertThat(worker.isAlive()).as("the worker thread ended").isFalse();
      assertThat(a.get(id)).wasCancelled().hasErrorKind(ErrorKind.CANCELLED);
    } finally {
      if (worker.isAlive()) {
        worker.interrupt();
        worker.join(Duration.ofSeconds(5).toMillis());
      }
    }
  }
}
