package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitLatch;
import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.UserTasks;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Graceful shutdown gives unfinished tasks back to the queue, where they run again. */
abstract class ManagerShutdownContract extends ManagerContractArea {

  @Test
  void closingWhileATaskRunsReleasesItBackToTheQueue() {
    TaskManager first = manager(b -> b.shutdownGrace(Duration.ofMillis(100)));
    String id = first.forUser("alice").submit(hangs, Args.of("interrupted")).id();
    awaitLatch("the hanging task starts", hangStarted);
    awaitState(first.admin(), id, TaskState.RUNNING);

    first.close();
    TaskManager reader = build(null, b -> {});
    Task released = reader.forUser("alice").get(id);
    assertThat(released.state()).isEqualTo(TaskState.PENDING);
    assertThat(released.attempt()).isZero();
    assertThat(released.owners()).containsExactly("alice");
    assertThat(reader.forUser("alice").executions(id))
        .extracting(Execution::outcome)
        .containsExactly(ExecutionOutcome.RELEASED);

    TaskManager next = manager();
    Task again = awaitState(next.forUser("alice"), id, TaskState.RUNNING);
    assertThat(again.attempt()).isEqualTo(1);
    assertThat(next.forUser("alice").stop(id).outcome()).isEqualTo(TaskOutcome.CANCEL_REQUESTED);
    awaitState(next.forUser("alice"), id, TaskState.CANCELLED);
  }

  @Test
  void closingLetsAShortTaskFinishWithinTheGrace() {
    TaskManager m = manager(b -> b.shutdownGrace(Duration.ofSeconds(5)));
    UserTasks alice = m.forUser("alice");
    String id = alice.submit(gated, Args.of("almost-done")).id();
    eventually("the task starts", () -> assertThat(gatedStarted).contains(id));

    gate.countDown();
    m.close();
    Task t = build(null, b -> {}).forUser("alice").get(id);
    assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED);
  }
}
