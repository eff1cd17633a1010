package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static io.btmanager.testkit.contract.ManagerFixtures.ids;
import static io.btmanager.testkit.contract.ManagerFixtures.missingId;
import static io.btmanager.testkit.contract.ManagerFixtures.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.UserTasks;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualClock;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 9: get, stop and delete take one id, many ids or a query, with a result per task. */
abstract class ManagerBulkContract extends ManagerContractArea {

  @Test
  void bulkGetAnswersPerIdInOrder() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String own1 = alice.submit(ok, Args.of("own-1"), waiting()).id();
    String own2 = alice.submit(ok, Args.of("own-2"), waiting()).id();
    String foreign = m.forUser("bob").submit(ok, Args.of("foreign"), waiting()).id();
    String missing = missingId();

    BulkResult r = alice.get(List.of(own2, foreign, missing, own1));
    assertThat(r.results())
        .extracting(TaskResult::taskId)
        .containsExactly(own2, foreign, missing, own1);
    assertThat(outcomes(r))
        .containsExactly(
            TaskOutcome.FOUND, TaskOutcome.NOT_FOUND, TaskOutcome.NOT_FOUND, TaskOutcome.FOUND);
    assertThat(r.tasks()).extracting(Task::id).containsExactly(own2, own1);
    assertThat(r.results().get(1).task()).isNull();
  }

  @Test
  void bulkStopAndDeleteAnswerPerIdInOrder() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    List<String> own = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      own.add(alice.submit(ok, Args.of("own-" + i), waiting()).id());
    }
    String foreign = m.forUser("bob").submit(ok, Args.of("foreign"), waiting()).id();
    String missing = missingId();
    List<String> ids = List.of(own.get(0), foreign, own.get(1), missing, own.get(2));

    BulkResult stopped = alice.stop(ids);
    assertThat(outcomes(stopped))
        .containsExactly(
            TaskOutcome.CANCELLED,
            TaskOutcome.NOT_FOUND,
            TaskOutcome.CANCELLED,
            TaskOutcome.NOT_FOUND,
            TaskOutcome.CANCELLED);
    assertThat(m.forUser("bob").get(foreign).state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(alice.get(own.get(3)).state()).isEqualTo(TaskState.SCHEDULED);

    BulkResult deleted = alice.delete(ids);
    assertThat(outcomes(deleted))
        .containsExactly(
            TaskOutcome.DELETED,
            TaskOutcome.NOT_FOUND,
            TaskOutcome.DELETED,
            TaskOutcome.NOT_FOUND,
            TaskOutcome.DELETED);
    assertThat(ids(alice.list(TaskQuery.mine()))).containsExactlyInAnyOrder(own.get(3), own.get(4));
    assertThat(m.forUser("bob").find(foreign)).isPresent();
  }

  @Test
  void stopByQueryAffectsOnlyMatchingTasksOfTheCaller() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String ok1 = alice.submit(ok, Args.of("ok-1"), waiting()).id();
    String ok2 = alice.submit(ok, Args.of("ok-2"), waiting()).id();
    String other1 = alice.submit(other, Args.of("other-1"), waiting()).id();
    String other2 = alice.submit(other, Args.of("other-2"), waiting()).id();
    String bobsOther =
        m.forUser("bob").submit(other, Args.of("bobs"), waiting()).id();

    BulkResult r = alice.stop(TaskQuery.mine().type("other"));
    assertThat(r.results())
        .extracting(TaskResult::taskId)
        .containsExactlyInAnyOrder(other1, other2);
    assertThat(r.count(TaskOutcome.CANCELLED)).isEqualTo(2);
    assertThat(alice.get(ok1).state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(alice.get(ok2).state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(m.forUser("bob").get(bobsOther).state()).isEqualTo(TaskState.SCHEDULED);

    BulkResult byState = alice.delete(TaskQuery.mine().state(TaskState.CANCELLED));
    assertThat(byState.results())
        .extracting(TaskResult::taskId)
        .containsExactlyInAnyOrder(other1, other2);
    assertThat(byState.count(TaskOutcome.DELETED)).isEqualTo(2);
    assertThat(ids(alice.list(TaskQuery.mine()))).containsExactlyInAnyOrder(ok1, ok2);
  }

  @Test
  void stopAllAndDeleteAllTouchOnlyTheCallersTasks() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    List<String> own = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      own.add(alice.submit(ok, Args.of("mine-" + i), waiting()).id());
    }
    String finished = alice.submit(ok, Args.of("done")).id();
    awaitState(alice, finished, TaskState.SUCCEEDED);
    String bobs = m.forUser("bob").submit(ok, Args.of("bobs"), waiting()).id();

    BulkResult stopped = alice.stopAll();
    assertThat(stopped.results())
        .extracting(TaskResult::taskId)
        .containsExactlyInAnyOrderElementsOf(own);
    assertThat(stopped.count(TaskOutcome.CANCELLED)).isEqualTo(3);

    BulkResult deleted = alice.deleteAll();
    assertThat(deleted.results())
        .extracting(TaskResult::taskId)
        .containsExactlyInAnyOrder(own.get(0), own.get(1), own.get(2), finished);
    assertThat(deleted.count(TaskOutcome.DELETED)).isEqualTo(4);
    assertThat(alice.list(TaskQuery.mine()).total()).isZero();
    assertThat(m.admin().list(TaskQuery.all()).items()).extracting(Task::id).containsExactly(bobs);
    assertThat(m.forUser("bob").get(bobs).state()).isEqualTo(TaskState.SCHEDULED);
  }

  // ---------------------------------------------- ran in a period (issue 15, seed 002)

  @Test
  void listAndDeleteByQueryTakeTasksAnyAttemptOfWhichStartedInThePeriod() {
    ManualClock time = useManualClock();
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String before = alice.submit(ok, Args.of("before")).id();
    awaitState(alice, before, TaskState.SUCCEEDED);
    time.advance(Duration.ofSeconds(10));
    String retried = alice.submit(flaky, Args.of("retried")).id();
    for (int attempt = 1; attempt <= 2; attempt++) {
      int expected = attempt;
      eventually("attempt " + expected + " fails and a retry is scheduled", () -> {
        Task t = alice.get(retried);
        assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
        assertThat(t.attempt()).isEqualTo(expected);
      });
      time.advance(Duration.ofSeconds(10));
    }
    awaitState(alice, retried, TaskState.SUCCEEDED);
    String never = alice.submit(ok, Args.of("never"), waiting()).id();
    List<Execution> runs = alice.executions(retried);
    Instant firstStart = runs.get(0).startedAt();
    Instant secondStart = runs.get(1).startedAt();
    assertThat(alice.get(retried).startedAt()).isEqualTo(runs.get(2).startedAt());

    assertThat(ids(alice.list(TaskQuery.mine().ranBetween(firstStart, secondStart))))
        .as("the first attempt of three")
        .containsExactly(retried);
    assertThat(ids(alice.list(TaskQuery.mine().ranBetween(null, firstStart))))
        .containsExactly(before);
    assertThat(ids(alice.list(TaskQuery.mine().ranBetween(firstStart, null))))
        .as("a task that never started never ran")
        .containsExactly(retried);
    assertThat(ids(m.forUser("bob").list(TaskQuery.mine().ranBetween(null, null))))
        .isEmpty();

    BulkResult deleted = alice.delete(TaskQuery.mine().ranBetween(firstStart, secondStart));
    assertThat(deleted.results()).extracting(TaskResult::taskId).containsExactly(retried);
    assertThat(deleted.count(TaskOutcome.DELETED)).isEqualTo(1);
    assertThat(ids(alice.list(TaskQuery.mine()))).containsExactlyInAnyOrder(before, never);
  }
}
