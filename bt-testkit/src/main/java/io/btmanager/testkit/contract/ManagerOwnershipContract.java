package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.ids;
import static io.btmanager.testkit.contract.ManagerFixtures.missingId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.UserTasks;
import io.btmanager.core.exception.TaskNotFoundException;
import io.btmanager.core.query.Page;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.contract.ManagerFixtures.ThrowingCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 1: a task that is not yours behaves exactly like one that does not exist. */
abstract class ManagerOwnershipContract extends ManagerContractArea {

  @Test
  void anotherUsersTaskLooksExactlyLikeAMissingOne() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    UserTasks bob = m.forUser("bob");
    String id = alice
        .submit(ok, Args.of("private"), waiting().andThen(o -> o.name("Mine")))
        .id();
    String missing = missingId();

    List<ThrowingCall> calls = List.of(
        bob::get,
        bob::executions,
        x -> bob.edit(x, e -> e.name("Taken over")),
        x -> bob.result(x, String.class));
    for (ThrowingCall call : calls) {
      Throwable foreign = catchThrowable(() -> call.call(id));
      Throwable absent = catchThrowable(() -> call.call(missing));
      assertThat(foreign).isExactlyInstanceOf(TaskNotFoundException.class);
      assertThat(absent).isExactlyInstanceOf(TaskNotFoundException.class);
      assertThat(foreign.getMessage().replace(id, "<id>"))
          .isEqualTo(absent.getMessage().replace(missing, "<id>"));
      assertThat(((TaskNotFoundException) foreign).id()).isEqualTo(id);
    }
    assertThat(bob.find(id)).isEmpty();

    for (TaskResult r : List.of(
        bob.stop(id), bob.delete(id), bob.recreate(id), bob.get(List.of(id)).single())) {
      assertThat(r).isEqualTo(new TaskResult(id, TaskOutcome.NOT_FOUND, null));
    }
    assertThat(bob.stop(missing)).isEqualTo(new TaskResult(missing, TaskOutcome.NOT_FOUND, null));

    Task unchanged = alice.get(id);
    assertThat(unchanged.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(unchanged.owners()).containsExactly("alice");
    assertThat(unchanged.name()).isEqualTo("Mine");
  }

  @Test
  void listingsShowOnlyOwnTasksAndTheAdminSeesAll() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    UserTasks bob = m.forUser("bob");
    String a1 = alice.submit(ok, Args.of("a1"), waiting()).id();
    String a2 = alice.submit(ok, Args.of("a2"), waiting()).id();
    String b1 = bob.submit(ok, Args.of("b1"), waiting()).id();

    Page<Task> mine = alice.list(TaskQuery.mine());
    assertThat(ids(mine)).containsExactlyInAnyOrder(a1, a2);
    assertThat(mine.total()).isEqualTo(2);
    assertThat(ids(bob.list(TaskQuery.mine()))).containsExactly(b1);
    Page<Task> all = m.admin().list(TaskQuery.all());
    assertThat(ids(all)).containsExactlyInAnyOrder(a1, a2, b1);
    assertThat(all.total()).isEqualTo(3);
    assertThat(m.admin().get(b1).owners()).containsExactly("bob");
    assertThat(ids(m.forUser("carol").list(TaskQuery.mine()))).isEmpty();
  }

  @Test
  void theAdminStopsAndDeletesForAllOwners() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String id = alice.submit(ok, Args.of("shared"), waiting()).id();
    m.forUser("bob").submit(ok, Args.of("shared"), waiting());

    assertThat(m.admin().stop(id).outcome()).isEqualTo(TaskOutcome.CANCELLED);
    assertThat(alice.get(id).state()).isEqualTo(TaskState.CANCELLED);
    assertThat(m.admin().delete(id).outcome()).isEqualTo(TaskOutcome.DELETED);
    assertThat(alice.find(id)).isEmpty();
    assertThat(m.forUser("bob").find(id)).isEmpty();
  }
}
