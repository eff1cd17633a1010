package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.exception.IllegalTaskStateException;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 6: a pending task knows how many runnable tasks are claimed before it. */
abstract class ManagerQueuePositionContract extends ManagerContractArea {

  @Test
  void positionsFollowPriorityThenSubmissionOrderAndMoveOnEdit() {
    TaskExecutor executor = createExecutor();
    int slots = executor.concurrency();
    TaskManager m = build(executor, b -> {});
    UserTasks alice = m.forUser("alice");
    List<String> fill = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      fill.add(alice.submit(gated, Args.of("fill-" + i)).id());
    }
    eventually(
        "every executor slot is busy",
        () -> assertThat(gatedStarted).containsExactlyInAnyOrderElementsOf(fill));

    String low = alice.submit(ok, Args.of("low"), o -> o.priority(Priority.LOW)).id();
    String medium =
        alice.submit(ok, Args.of("medium"), o -> o.priority(Priority.MEDIUM)).id();
    String high =
        alice.submit(ok, Args.of("high"), o -> o.priority(Priority.HIGH)).id();
    String lowToo =
        alice.submit(ok, Args.of("low-too"), o -> o.priority(Priority.LOW)).id();

    assertThat(alice.get(high).queuePosition()).isZero();
    assertThat(alice.get(medium).queuePosition()).isEqualTo(1);
    assertThat(alice.get(low).queuePosition()).isEqualTo(2);
    assertThat(alice.get(lowToo).queuePosition()).isEqualTo(3);
    assertThat(alice.get(fill.get(0)).position()).isEmpty();
    assertThat(alice.get(high).state()).isEqualTo(TaskState.PENDING);

    Task edited = alice.edit(low, e -> e.priority(Priority.HIGH));
    assertThat(edited.priority()).isEqualTo(Priority.HIGH);
    assertThat(alice.get(low).queuePosition()).isZero();
    assertThat(alice.get(high).queuePosition()).isEqualTo(1);
    assertThat(alice.get(medium).queuePosition()).isEqualTo(2);
    assertThat(alice.get(lowToo).queuePosition()).isEqualTo(3);

    assertThatThrownBy(() -> alice.edit(fill.get(0), e -> e.priority(Priority.LOW)))
        .isInstanceOf(IllegalTaskStateException.class);
    String waitingLater = alice.submit(ok, Args.of("later"), waiting()).id();
    assertThat(alice.get(waitingLater).position()).isEmpty();

    gate.countDown();
    for (String id : List.of(low, medium, high, lowToo)) {
      awaitState(alice, id, TaskState.SUCCEEDED);
    }
  }
}
