package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.missingId;
import static io.btmanager.testkit.contract.ManagerFixtures.outcomes;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.UserTasks;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule 4: a finished task runs again on request; rule 2 still holds. */
abstract class ManagerRecreateContract extends ManagerContractArea {

  @Test
  void recreatingAFinishedTaskCreatesANewOneWithTheSameArguments() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String id = alice
        .submit(fails, Args.of("retry-me"), o -> o.name("Import").priority(Priority.HIGH))
        .id();
    Task failed = awaitState(alice, id, TaskState.FAILED);

    TaskResult r = alice.recreate(id);
    assertThat(r.outcome()).isEqualTo(TaskOutcome.CREATED);
    assertThat(r.taskId()).isEqualTo(id);
    Task again = r.task();
    assertThat(again.id()).isNotEqualTo(id);
    assertThat(again.type()).isEqualTo("fails");
    assertThat(again.argumentsJson()).isEqualTo(failed.argumentsJson());
    assertThat(again.dedupKey()).isEqualTo(failed.dedupKey());
    assertThat(again.name()).isEqualTo("Import");
    assertThat(again.priority()).isEqualTo(Priority.HIGH);
    assertThat(again.owners()).containsExactly("alice");
    awaitState(alice, again.id(), TaskState.FAILED);
    assertThat(alice.get(id).state()).isEqualTo(TaskState.FAILED);
  }

  @Test
  void recreatingWhileAnIdenticalTaskIsActiveJoinsIt() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String first = alice.submit(ok, Args.of("twice")).id();
    awaitState(alice, first, TaskState.SUCCEEDED);
    String active = m.forUser("bob").submit(ok, Args.of("twice"), waiting()).id();

    TaskResult r = alice.recreate(first);
    assertThat(r.outcome()).isEqualTo(TaskOutcome.JOINED);
    assertThat(r.task().id()).isEqualTo(active);
    assertThat(m.admin().get(active).owners()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(2);
  }

  @Test
  void recreatingAnActiveTaskIsRefusedAsNotFinished() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String id = alice.submit(ok, Args.of("busy"), waiting()).id();
    String missing = missingId();

    BulkResult r = alice.recreate(List.of(id, missing));
    assertThat(outcomes(r)).containsExactly(TaskOutcome.NOT_FINISHED, TaskOutcome.NOT_FOUND);
    assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void aTaskWhoseConfigurationWasDeletedIsRecreatedFromItsOwnArgumentsPerId() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    Configuration c = alice.configurations().save(ok, "Preset", new Args("preset", 3));
    String fromConfig =
        alice.submitFromConfiguration(ok, c.id(), Map.of("n", 4), o -> {}).id();
    Task done = awaitState(alice, fromConfig, TaskState.SUCCEEDED);
    String plain = alice.submit(ok, Args.of("plain")).id();
    awaitState(alice, plain, TaskState.SUCCEEDED);
    alice.configurations().delete(c.id()); // rule 10: no active task uses it any more
    String active = alice.submit(ok, Args.of("busy"), waiting()).id();

    BulkResult r = alice.recreate(List.of(fromConfig, active, plain));

    assertThat(outcomes(r))
        .containsExactly(TaskOutcome.CREATED, TaskOutcome.NOT_FINISHED, TaskOutcome.CREATED);
    Task again = r.results().get(0).task();
    assertThat(again.argumentsJson()).isEqualTo(done.argumentsJson());
    assertThat(again.configurationId()).isNull();
    assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(5);
  }
}
