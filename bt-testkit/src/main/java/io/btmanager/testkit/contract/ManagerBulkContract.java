package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
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
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
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
}
