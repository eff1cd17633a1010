package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.contract.ManagerFixtures.Recorder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 7: listeners see every progress report in order; running tasks have an ETA. */
abstract class ManagerProgressAndEtaContract extends ManagerContractArea {

  @Test
  void subscribersSeeEveryProgressReportInOrderThenSuccess() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    try (Recorder recorder = new Recorder(alice)) {
      String id = alice.submit(progressing, new Args("steps", 5)).id();
      eventually(
          "the SUCCEEDED event arrives",
          () -> assertThat(recorder.kinds(id)).contains(TaskEventKind.SUCCEEDED));

      List<TaskEvent> events = recorder.of(id);
      assertThat(events.get(0).kind()).isEqualTo(TaskEventKind.CREATED);
      assertThat(events.get(events.size() - 1).kind()).isEqualTo(TaskEventKind.SUCCEEDED);
      List<Long> done = events.stream()
          .filter(e -> e.kind() == TaskEventKind.PROGRESS)
          .map(e -> e.task().progress().done())
          .toList();
      assertThat(done).containsExactly(1L, 2L, 3L, 4L, 5L);
      List<TaskEventKind> kinds = recorder.kinds(id);
      assertThat(kinds.indexOf(TaskEventKind.STARTED))
          .isLessThan(kinds.indexOf(TaskEventKind.PROGRESS));
      assertThat(events.get(events.size() - 1).task().progress().done()).isEqualTo(5);
      assertThat(events).allSatisfy(e -> assertThat(e.taskId()).isEqualTo(id));
    }
    assertThat(m.forUser("bob").list(TaskQuery.mine()).total()).isZero();
  }

  @Test
  void aRunningTaskHalfDoneHasAnEtaInTheFuture() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String id = alice.submit(halfway, Args.of("half")).id();
    eventually("the task reports half its work", () -> {
      Task t = alice.get(id);
      assertThat(t.state()).isEqualTo(TaskState.RUNNING);
      assertThat(t.progress().done()).isEqualTo(1);
    });

    Instant before = Instant.now();
    Task t = alice.get(id);
    assertThat(t.progress().total()).isEqualTo(2);
    assertThat(t.progress().message()).isEqualTo("first half done");
    assertThat(t.progress().percent()).isEqualTo(50);
    assertThat(t.estimatedCompletion())
        .hasValueSatisfying(eta -> assertThat(eta).isAfter(before));
    assertThat(t.position()).isEmpty();

    gate.countDown();
    Task done = awaitState(alice, id, TaskState.SUCCEEDED);
    assertThat(done.progress().done()).isEqualTo(2);
    assertThat(done.estimatedCompletion()).isEmpty();
  }
}
