package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.ids;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule 6, queue position: the number of runnable tasks that are claimed before a pending task.
 */
abstract class StoreQueuePositionContract extends StoreContractArea {

  @Test
  void positionsOfManyTasksInOneCallAreThoseOfEachAlone() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Priority p = i % 3 == 0 ? Priority.HIGH : Priority.MEDIUM;
      ids.add(submit(task().priority(p)).id());
    }
    String later =
        submit(task().scheduledAt(store.now().plus(1, ChronoUnit.HOURS))).id();
    claimExactly(ids.get(0), "node-a", LONG_LEASE);
    List<String> asked = new ArrayList<>(ids);
    asked.add(later);
    asked.add(newId());

    Map<String, Long> expected = new java.util.HashMap<>();
    for (String id : asked) {
      store.queuePosition(id).ifPresent(p -> expected.put(id, p));
    }

    assertThat(expected).hasSize(5);
    assertThat(store.queuePositions(asked)).isEqualTo(expected);
  }

  @Test
  void higherPriorityFirstThenSubmissionOrder() {
    String low = submit(task().priority(Priority.LOW)).id();
    String medium1 = submit(task().priority(Priority.MEDIUM)).id();
    String high = submit(task().priority(Priority.HIGH)).id();
    String medium2 = submit(task().priority(Priority.MEDIUM)).id();

    assertThat(store.queuePosition(high)).hasValue(0);
    assertThat(store.queuePosition(medium1)).hasValue(1);
    assertThat(store.queuePosition(medium2)).hasValue(2);
    assertThat(store.queuePosition(low)).hasValue(3);
  }

  @Test
  void positionsShiftAfterClaimsCancelsAndPriorityChanges() {
    String low = submit(task().priority(Priority.LOW)).id();
    String medium1 = submit(task().priority(Priority.MEDIUM)).id();
    String high = submit(task().priority(Priority.HIGH)).id();
    String medium2 = submit(task().priority(Priority.MEDIUM)).id();

    claimExactly(high, "node-a", LONG_LEASE);
    assertThat(store.queuePosition(high)).isEmpty();
    assertThat(store.queuePosition(medium1)).hasValue(0);
    assertThat(store.queuePosition(medium2)).hasValue(1);
    assertThat(store.queuePosition(low)).hasValue(2);

    cancelWaiting(reload(medium1));
    assertThat(store.queuePosition(medium1)).isEmpty();
    assertThat(store.queuePosition(medium2)).hasValue(0);
    assertThat(store.queuePosition(low)).hasValue(1);

    StoredTask l = reload(low);
    assertThat(store.editDetails(new DetailsEdit(
            l.id(), l.version(), l.name(), l.description(), l.link(), Priority.HIGH)))
        .isTrue();
    assertThat(store.queuePosition(low)).hasValue(0);
    assertThat(store.queuePosition(medium2)).hasValue(1);
  }

  @Test
  void emptyForRunningFinishedMissingAndNotYetDueTasks() {
    StoredTask finished = runToEnd(task().build(), TaskState.SUCCEEDED, store.now());
    String running = submit(task()).id();
    claimExactly(running, "node-a", LONG_LEASE);
    String later =
        submit(task().scheduledAt(store.now().plus(1, ChronoUnit.DAYS))).id();

    assertThat(store.queuePosition(finished.id())).isEmpty();
    assertThat(store.queuePosition(running)).isEmpty();
    assertThat(store.queuePosition(later)).isEmpty();
    assertThat(store.queuePosition(newId())).isEmpty();
  }

  @Test
  void aDueScheduledTaskCountsAndANotDueOneDoesNot() {
    Instant now = store.now();
    String notDue = submit(task().scheduledAt(now.plus(1, ChronoUnit.DAYS))).id();
    String notDueHigh = submit(
            task().priority(Priority.HIGH).scheduledAt(now.plus(1, ChronoUnit.DAYS)))
        .id();
    String due = submit(task().scheduledAt(now.minusSeconds(1))).id();
    String dueHigh =
        submit(task().priority(Priority.HIGH).scheduledAt(now.minusSeconds(1))).id();
    String pending = submit(task()).id();

    assertThat(store.queuePosition(dueHigh)).hasValue(0);
    assertThat(store.queuePosition(due)).hasValue(1);
    assertThat(store.queuePosition(pending)).hasValue(2);
    assertThat(store.queuePosition(notDue)).isEmpty();
    assertThat(store.queuePosition(notDueHigh)).isEmpty();
  }
}
