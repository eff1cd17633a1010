package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.Racing.race;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Claim: by priority then submission order, only due tasks, each task to exactly one of many
 * racing workers.
 */
abstract class StoreClaimContract extends StoreContractArea {

  @Test
  void claimsByPriorityThenSubmissionOrder() {
    String low = submit(task().priority(Priority.LOW)).id();
    String high1 = submit(task().priority(Priority.HIGH)).id();
    String medium1 = submit(task().priority(Priority.MEDIUM)).id();
    String high2 = submit(task().priority(Priority.HIGH)).id();
    String medium2 = submit(task().priority(Priority.MEDIUM)).id();

    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      List<StoredTask> c =
          store.claim(new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));
      assertThat(c).hasSize(1);
      order.add(c.get(0).id());
    }

    assertThat(order).containsExactly(high1, high2, medium1, medium2, low);
    assertThat(store.claim(new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .isEmpty();
  }

  @Test
  void aBatchTakesTheFirstTasksOfTheQueue() {
    String low = submit(task().priority(Priority.LOW)).id();
    String medium = submit(task().priority(Priority.MEDIUM)).id();
    String high = submit(task().priority(Priority.HIGH)).id();

    assertThat(store.claim(new ClaimRequest("node-a", 2, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .extracting(StoredTask::id)
        .containsExactlyInAnyOrder(high, medium);
    assertThat(store.claim(new ClaimRequest("node-a", 2, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .extracting(StoredTask::id)
        .containsExactly(low);
  }

  @Test
  void claimingSetsRunningAttemptAndLease() {
    NewTask n = task().build();
    submit(n);
    Instant before = store.now();

    List<StoredTask> claimed =
        store.claim(new ClaimRequest("node-a", 5, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    Instant after = store.now();
    assertThat(claimed).hasSize(1);
    StoredTask c = claimed.get(0);
    assertThat(c.id()).isEqualTo(n.id());
    assertThat(c.state()).isEqualTo(TaskState.RUNNING);
    assertThat(c.attempt()).isEqualTo(1);
    assertThat(c.startedAt()).isBetween(before, after);
    assertThat(c.leaseOwner()).isEqualTo("node-a");
    assertThat(c.leaseToken()).isNotBlank();
    assertThat(c.leaseExpiresAt()).isBetween(before.plus(LONG_LEASE), after.plus(LONG_LEASE));
    assertThat(c.cancelRequested()).isFalse();
    assertThat(c.owners()).containsExactly("alice");
    assertThat(reload(n.id())).isEqualTo(c);
  }

  @Test
  void everyClaimGetsItsOwnToken() {
    submit(task());
    submit(task());

    List<StoredTask> claimed =
        store.claim(new ClaimRequest("node-a", 2, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(claimed).hasSize(2);
    assertThat(claimed.get(0).leaseToken()).isNotEqualTo(claimed.get(1).leaseToken());
  }

  @Test
  void takesAtMostMaxAndNeverARunningTaskTwice() {
    for (int i = 0; i < 5; i++) {
      submit(task());
    }

    List<StoredTask> first =
        store.claim(new ClaimRequest("node-a", 3, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));
    List<StoredTask> second =
        store.claim(new ClaimRequest("node-b", 3, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(first).hasSize(3);
    assertThat(second).hasSize(2);
    Set<String> all = new HashSet<>();
    first.forEach(t -> all.add(t.id()));
    second.forEach(t -> all.add(t.id()));
    assertThat(all).hasSize(5);
    assertThat(store.claim(new ClaimRequest("node-c", 3, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .isEmpty();
  }

  @Test
  void aScheduledTaskIsClaimedOnlyOnceDue() {
    Instant now = store.now();
    String notDue = submit(task().scheduledAt(now.plus(1, ChronoUnit.DAYS))).id();
    String due = submit(task().scheduledAt(now.minusSeconds(1))).id();

    List<StoredTask> claimed =
        store.claim(new ClaimRequest("node-a", 10, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(claimed).extracting(StoredTask::id).containsExactly(due);
    assertThat(claimed.get(0).nextAttemptAt()).isNull();
    assertThat(reload(notDue).state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(store.claim(new ClaimRequest("node-a", 10, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .isEmpty();
  }

  @Test
  void finishedTasksAreNeverClaimed() {
    runToEnd(task().build(), TaskState.SUCCEEDED, store.now());
    runToEnd(task().build(), TaskState.FAILED, store.now());
    cancelWaiting(submit(task()));

    assertThat(store.claim(new ClaimRequest("node-a", 10, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .isEmpty();
  }

  @Test
  void eightRacingWorkersClaimEachOfTwoThousandTasksExactlyOnce() {
    int tasks = 2_000;
    List<NewTask> batch = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      batch.add(task().priority(Priority.values()[i % 3]).build());
    }
    store.submitAll(batch);

    List<List<StoredTask>> perWorker = race(8, w -> {
      List<StoredTask> mine = new ArrayList<>();
      while (true) {
        List<StoredTask> c =
            store.claim(new ClaimRequest("node-" + w, 25, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));
        if (c.isEmpty()) {
          return mine;
        }
        assertThat(c.size()).isLessThanOrEqualTo(25);
        mine.addAll(c);
      }
    });

    List<String> claimed =
        perWorker.stream().flatMap(List::stream).map(StoredTask::id).collect(Collectors.toList());
    assertThat(claimed)
        .hasSize(tasks)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            batch.stream().map(NewTask::id).collect(Collectors.toList()));
    assertThat(perWorker.stream()
            .flatMap(List::stream)
            .map(StoredTask::leaseToken)
            .collect(Collectors.toSet()))
        .hasSize(tasks);
    assertThat(
            listing(null, TaskQuery.all().state(TaskState.RUNNING).page(0, 1)).total())
        .isEqualTo(tasks);
    assertThat(store.claim(new ClaimRequest("node-x", 25, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .isEmpty();
  }
}
