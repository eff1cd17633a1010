package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitLatch;
import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static io.btmanager.testkit.contract.ManagerFixtures.ids;
import static io.btmanager.testkit.contract.ManagerFixtures.missingId;
import static io.btmanager.testkit.contract.ManagerFixtures.outcomes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.UserTasks;
import io.btmanager.core.exception.TaskNotFoundException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 3: one owner's stop or delete never destroys a task its other owners still want. */
abstract class ManagerSharedTasksContract extends ManagerContractArea {

  @Test
  void stopByOneOfTwoOwnersDetachesAndTheTaskSucceedsForTheOther() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    UserTasks bob = m.forUser("bob");
    String id = alice.submit(gated, Args.of("shared")).id();
    assertThat(bob.submit(gated, Args.of("shared")).joined()).isTrue();
    eventually("the shared task starts", () -> assertThat(gatedStarted).contains(id));

    assertThat(bob.stop(id).outcome()).isEqualTo(TaskOutcome.DETACHED);
    assertThat(bob.find(id)).isEmpty();
    Task afterStop = alice.get(id);
    assertThat(afterStop.state()).isEqualTo(TaskState.RUNNING);
    assertThat(afterStop.owners()).containsExactly("alice");

    gate.countDown();
    Task done = awaitState(alice, id, TaskState.SUCCEEDED);
    assertThat(done.owners()).containsExactly("alice");
    assertThat(alice.result(id, String.class)).contains("shared");
  }

  @Test
  void theSoleOwnersStopCancelsAWaitingTask() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String id = alice.submit(ok, Args.of("waiting"), waiting()).id();

    TaskResult r = alice.stop(id);
    assertThat(r.outcome()).isEqualTo(TaskOutcome.CANCELLED);
    assertThat(r.task().state()).isEqualTo(TaskState.CANCELLED);
    Task t = alice.get(id);
    assertThat(t.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(t.finishedAt()).isNotNull();
    assertThat(t.error().kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(alice.stop(id).outcome()).isEqualTo(TaskOutcome.ALREADY_FINISHED);
  }

  @Test
  void theSoleOwnersStopOfARunningTaskRequestsCancelAndItEndsCancelled() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String id = alice.submit(hangs, Args.of("forever")).id();
    awaitLatch("the hanging task starts", hangStarted);
    awaitState(alice, id, TaskState.RUNNING);

    assertThat(alice.stop(id).outcome()).isEqualTo(TaskOutcome.CANCEL_REQUESTED);
    Task t = awaitState(alice, id, TaskState.CANCELLED);
    assertThat(t.error().kind()).isEqualTo(ErrorKind.CANCELLED);
    List<Execution> executions = alice.executions(id);
    assertThat(executions).hasSize(1);
    assertThat(executions.get(0).outcome()).isEqualTo(ExecutionOutcome.CANCELLED);
  }

  @Test
  void deleteByOneOfTwoOwnersDetachesAndTheLastOwnersDeletePurges() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    UserTasks bob = m.forUser("bob");
    String id = alice.submit(ok, Args.of("kept"), waiting()).id();
    bob.submit(ok, Args.of("kept"), waiting());

    assertThat(alice.delete(id).outcome()).isEqualTo(TaskOutcome.DETACHED);
    assertThat(alice.find(id)).isEmpty();
    Task forBob = bob.get(id);
    assertThat(forBob.owners()).containsExactly("bob");
    assertThat(forBob.state()).isEqualTo(TaskState.SCHEDULED);

    assertThat(bob.delete(id).outcome()).isEqualTo(TaskOutcome.DELETED);
    assertThatThrownBy(() -> bob.get(id)).isInstanceOf(TaskNotFoundException.class);
    assertThat(m.admin().find(id)).isEmpty();
    assertThat(bob.delete(id).outcome()).isEqualTo(TaskOutcome.NOT_FOUND);
  }

  @Test
  void deletingARunningTaskAsItsLastOwnerStopsAndPurgesIt() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String id = alice.submit(hangs, Args.of("doomed")).id();
    awaitLatch("the hanging task starts", hangStarted);

    assertThat(alice.delete(id).outcome()).isEqualTo(TaskOutcome.DELETED);
    assertThat(m.admin().find(id)).isEmpty();
    // the handler was told to stop; whatever it writes later is refused
    eventually(
        "the deleted task is not resurrected",
        () -> assertThat(m.admin().list(TaskQuery.all().type("hangs")).total()).isZero());
  }

  @Test
  void bulkResultsSayPerIdWhatHappened() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    UserTasks bob = m.forUser("bob");
    String shared = alice.submit(ok, Args.of("shared"), waiting()).id();
    bob.submit(ok, Args.of("shared"), waiting());
    String sole = alice.submit(ok, Args.of("sole"), waiting()).id();
    String finished = alice.submit(ok, Args.of("finished")).id();
    awaitState(alice, finished, TaskState.SUCCEEDED);
    String missing = missingId();

    BulkResult stopped = alice.stop(List.of(shared, sole, finished, missing));
    assertThat(stopped.results())
        .extracting(TaskResult::taskId)
        .containsExactly(shared, sole, finished, missing);
    assertThat(outcomes(stopped))
        .containsExactly(
            TaskOutcome.DETACHED,
            TaskOutcome.CANCELLED,
            TaskOutcome.ALREADY_FINISHED,
            TaskOutcome.NOT_FOUND);
    assertThat(bob.get(shared).state()).isEqualTo(TaskState.SCHEDULED);

    String shared2 = alice.submit(ok, Args.of("shared-2"), waiting()).id();
    bob.submit(ok, Args.of("shared-2"), waiting());
    BulkResult deleted = alice.delete(List.of(shared2, sole, missing, finished));
    assertThat(outcomes(deleted))
        .containsExactly(
            TaskOutcome.DETACHED, TaskOutcome.DELETED, TaskOutcome.NOT_FOUND, TaskOutcome.DELETED);
    assertThat(deleted.count(TaskOutcome.DELETED)).isEqualTo(2);
    assertThat(ids(bob.list(TaskQuery.mine()))).containsExactlyInAnyOrder(shared, shared2);
    assertThat(alice.list(TaskQuery.mine()).total()).isZero();
  }
}
