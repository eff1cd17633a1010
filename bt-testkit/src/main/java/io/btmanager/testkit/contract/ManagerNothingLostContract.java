package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.UserTasks;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Rule 11: a task whose node died runs again elsewhere; the dead node cannot overwrite it. */
abstract class ManagerNothingLostContract extends ManagerContractArea {

  /** Builds a node that claims through a ManualExecutor and then "dies" (never runs it). */
  private ClaimedTask claimOnADeadNode(ManualExecutor dead, Consumer<TaskManager.Builder> b) {
    build(
        dead,
        b.andThen(x ->
            x.leaseDuration(Duration.ofMillis(500)).heartbeatInterval(Duration.ofMillis(100))));
    List<ClaimedTask> claimed = dead.runner().claim(1);
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  @Test
  void anExpiredLeaseIsRecoveredAndTheStaleWorkerIsFencedOff() {
    ManualExecutor deadExecutor = new ManualExecutor();
    TaskManager submitter = build(null, b -> {});
    String id = submitter.forUser("alice").submit(ok, Args.of("survivor")).id();
    ClaimedTask stale = claimOnADeadNode(deadExecutor, b -> {});
    assertThat(stale.id()).isEqualTo(id);
    String deadNode = deadExecutor.runner().nodeId();
    assertThat(submitter.admin().get(id).state()).isEqualTo(TaskState.RUNNING);

    TaskManager alive = manager();
    UserTasks alice = alive.forUser("alice");
    Task done = awaitState(alice, id, TaskState.SUCCEEDED);
    assertThat(done.attempt()).isEqualTo(2);
    assertThat(alice.result(id, String.class)).contains("survivor");
    List<Execution> executions = alice.executions(id);
    assertThat(executions)
        .extracting(Execution::outcome)
        .containsExactly(ExecutionOutcome.LEASE_EXPIRED, ExecutionOutcome.SUCCEEDED);
    assertThat(executions).extracting(Execution::attempt).containsExactly(1, 2);
    assertThat(executions.get(0).node()).isEqualTo(deadNode);
    assertThat(executions.get(1).node()).isEqualTo(alive.nodeId());

    // The dead node wakes up and finishes its stale attempt: its writes are refused.
    deadExecutor.runner().run(stale);
    Task after = alice.get(id);
    assertThat(after.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(after.attempt()).isEqualTo(2);
    assertThat(after.finishedAt()).isEqualTo(done.finishedAt());
    assertThat(alice.executions(id)).hasSize(2);
  }

  @Test
  void aTaskWhoseNodeDiesOnItsLastAllowedAttemptFailsAsLost() {
    ManualExecutor deadExecutor = new ManualExecutor();
    TaskManager submitter = build(null, b -> {});
    String id = submitter.forUser("alice").submit(ok, Args.of("unlucky")).id();
    claimOnADeadNode(deadExecutor, b -> {});

    TaskManager alive = manager(b -> b.lostLeaseRetries(0));
    Task t = awaitState(alive.forUser("alice"), id, TaskState.FAILED);
    assertThat(t.error().kind()).isEqualTo(ErrorKind.LOST);
    assertThat(t.error().action()).isNotBlank();
    assertThat(alive.admin().executions(id))
        .extracting(Execution::outcome)
        .containsExactly(ExecutionOutcome.LEASE_EXPIRED);
  }

  @Test
  void aStopOfATaskOnADeadNodeEndsItCancelledOnceTheLeaseExpires() {
    ManualExecutor deadExecutor = new ManualExecutor();
    TaskManager submitter = build(null, b -> {});
    UserTasks alice = submitter.forUser("alice");
    String id = alice.submit(ok, Args.of("abandoned")).id();
    claimOnADeadNode(deadExecutor, b -> {});

    assertThat(alice.stop(id).outcome()).isEqualTo(TaskOutcome.CANCEL_REQUESTED);
    manager();
    Task t = awaitState(alice, id, TaskState.CANCELLED);
    assertThat(t.error().kind()).isEqualTo(ErrorKind.CANCELLED);
  }

  @Test
  void aSubmitIsReadableFromAnotherManagerOnTheSameStoreAtOnce() {
    TaskManager one = build(null, b -> {});
    TaskManager two = build(null, b -> {});
    String id = one.forUser("alice").submit(ok, Args.of("durable"), waiting()).id();
    assertThat(two.forUser("alice").get(id).state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(two.forUser("bob").submit(ok, Args.of("durable"), waiting()).joined())
        .isTrue();
  }
}
