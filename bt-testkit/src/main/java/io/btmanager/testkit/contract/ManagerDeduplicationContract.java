package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.Racing.race;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.SubmitOptions;
import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Rule 2: an identical active task is joined, never doubled, under any concurrency. */
abstract class ManagerDeduplicationContract extends ManagerContractArea {

  @Test
  void anIdenticalSubmitByAnotherUserJoinsTheActiveTask() {
    TaskManager m = manager();
    Submitted<String> first = m.forUser("alice").submit(ok, Args.of("same"), waiting());
    Submitted<String> second = m.forUser("bob").submit(ok, Args.of("same"), waiting());

    assertThat(first.joined()).isFalse();
    assertThat(second.joined()).isTrue();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.task().owners()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(m.forUser("alice").get(first.id()).owners())
        .containsExactlyInAnyOrder("alice", "bob");
    assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(1);

    Submitted<String> different = m.forUser("bob").submit(ok, Args.of("other"), waiting());
    assertThat(different.joined()).isFalse();
    assertThat(different.id()).isNotEqualTo(first.id());
    Submitted<String> otherType = m.forUser("bob").submit(other, Args.of("same"), waiting());
    assertThat(otherType.joined()).isFalse();
  }

  @Test
  void sixtyFourSimultaneousSubmitsMakeOneTaskWithSixtyFourOwners() {
    TaskManager m = manager();
    Consumer<SubmitOptions> later = waiting();
    List<Submitted<String>> results =
        race(64, i -> m.forUser("user-" + i).submit(ok, Args.of("stampede"), later));

    Set<String> distinctIds = Set.copyOf(results.stream().map(Submitted::id).toList());
    assertThat(distinctIds).hasSize(1);
    assertThat(results.stream().filter(s -> !s.joined()).count()).isEqualTo(1);
    String id = distinctIds.iterator().next();
    Task task = m.admin().get(id);
    assertThat(task.owners()).hasSize(64);
    for (int i = 0; i < 64; i++) {
      assertThat(task.owners()).contains("user-" + i);
    }
    assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void argumentsAreCanonicalisedBeforeKeying() {
    TaskManager m = manager();
    Submitted<String> typed = m.forUser("bob").submit(ok, new Args("canon", 7), waiting());
    Configuration base = m.forUser("alice").configurations().save(ok, "base", new Args("base", 1));
    // Keys in another order, a floating-point number equal to 7: the same canonical arguments.
    Submitted<String> fromMap = m.forUser("alice")
        .submitFromConfiguration(ok, base.id(), Map.of("n", 7.0, "label", "canon"), waiting());

    assertThat(fromMap.joined()).isTrue();
    assertThat(fromMap.id()).isEqualTo(typed.id());
    assertThat(fromMap.task().dedupKey()).isEqualTo(typed.task().dedupKey());
    assertThat(fromMap.task().owners()).containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void aFinishedTaskDoesNotBlockANewOne() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    String first = alice.submit(ok, Args.of("again")).id();
    awaitState(alice, first, TaskState.SUCCEEDED);

    Submitted<String> second = alice.submit(ok, Args.of("again"));
    assertThat(second.joined()).isFalse();
    assertThat(second.id()).isNotEqualTo(first);
    assertThat(second.task().dedupKey()).isEqualTo(alice.get(first).dedupKey());
    awaitState(alice, second.id(), TaskState.SUCCEEDED);
  }
}
