package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualClock;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.contract.ManagerFixtures.Recorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retries with backoff, on the manual clock: every attempt is recorded. */
abstract class ManagerRetriesContract extends ManagerContractArea {

  @Test
  void aFlakyTaskIsRetriedWithBackoffUntilItSucceeds() {
    ManualClock time = useManualClock();
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    try (Recorder recorder = new Recorder(alice)) {
      String id = alice.submit(flaky, Args.of("flaky")).id();
      for (int attempt = 1; attempt <= 2; attempt++) {
        int expected = attempt;
        eventually("attempt " + expected + " fails and a retry is scheduled", () -> {
          Task t = alice.get(id);
          assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
          assertThat(t.attempt()).isEqualTo(expected);
        });
        Task waiting = alice.get(id);
        Duration backoff = Duration.ofSeconds(1L << (attempt - 1));
        assertThat(waiting.nextAttemptAt()).isEqualTo(time.instant().plus(backoff));
        assertThat(waiting.error().kind()).isEqualTo(ErrorKind.IO);
        assertThat(waiting.finishedAt()).isNull();
        time.advance(backoff);
      }
      Task done = awaitState(alice, id, TaskState.SUCCEEDED);
      assertThat(done.attempt()).isEqualTo(3);
      assertThat(done.maxAttempts()).isEqualTo(3);
      assertThat(done.error()).isNull();

      List<Execution> executions = alice.executions(id);
      assertThat(executions)
          .extracting(Execution::outcome)
          .containsExactly(
              ExecutionOutcome.FAILED, ExecutionOutcome.FAILED, ExecutionOutcome.SUCCEEDED);
      assertThat(executions).extracting(Execution::attempt).containsExactly(1, 2, 3);
      assertThat(executions.get(0).error().kind()).isEqualTo(ErrorKind.IO);
      assertThat(executions.get(2).resultJson()).contains("flaky");
      eventually(
          "the events arrive",
          () -> assertThat(recorder.kinds(id))
              .containsSubsequence(
                  TaskEventKind.CREATED,
                  TaskEventKind.STARTED,
                  TaskEventKind.RETRY_SCHEDULED,
                  TaskEventKind.STARTED,
                  TaskEventKind.RETRY_SCHEDULED,
                  TaskEventKind.STARTED,
                  TaskEventKind.SUCCEEDED));
      assertThat(recorder.kinds(id).stream().filter(k -> k == TaskEventKind.RETRY_SCHEDULED))
          .hasSize(2);
    }
  }

  @Test
  void aTaskThatRunsOutOfAttemptsFails() {
    useManualClock();
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String id = alice.submit(fails, Args.of("no-retry")).id();
    Task t = awaitState(alice, id, TaskState.FAILED);
    assertThat(t.attempt()).isEqualTo(t.maxAttempts());
    assertThat(t.nextAttemptAt()).isNull();
  }
}
