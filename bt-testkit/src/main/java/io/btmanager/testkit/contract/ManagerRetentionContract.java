package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualClock;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Finished tasks are purged after the retention; active ones never are. */
abstract class ManagerRetentionContract extends ManagerContractArea {

  @Test
  void finishedTasksArePurgedAfterTheRetention() {
    ManualClock time = useManualClock();
    TaskManager m = manager(b -> b.retention(Duration.ofMinutes(1)));
    UserTasks alice = m.forUser("alice");
    String done = alice.submit(ok, Args.of("old")).id();
    awaitState(alice, done, TaskState.SUCCEEDED);
    String active = alice
        .submit(
            ok, Args.of("still-waiting"), o -> o.startAt(time.instant().plus(Duration.ofHours(1))))
        .id();

    time.advance(Duration.ofSeconds(30));
    String recent = alice.submit(other, Args.of("recent")).id();
    awaitState(alice, recent, TaskState.SUCCEEDED);
    time.advance(Duration.ofSeconds(31));
    eventually("the old task is purged", () -> assertThat(alice.find(done)).isEmpty());
    assertThat(alice.get(active).state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(alice.get(recent).state()).isEqualTo(TaskState.SUCCEEDED);
  }
}
