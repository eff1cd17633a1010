package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.Racing.race;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.SHORT_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.WAIT;
import static io.btmanager.testkit.contract.StoreFixtures.ids;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Leases and fencing: extension, expiry on the store's clock, takeover of an expired lease and
 * fencing of its first worker, progress under the lease token.
 */
abstract class StoreLeasesContract extends StoreContractArea {

  /**
   * A node's heartbeat extends the leases of every task it holds while a turn of the same node
   * writes the outcomes of some of them: neither waits for the other in a cycle, whatever order
   * each is given its tasks in. (On PostgreSQL the heartbeat, one transaction, and the turn's
   * outcome update locked the same rows in different orders: the server broke the deadlock after a
   * second by failing one of them, and a benchmark batch stalled for that second.)
   */
  @Test
  void aHeartbeatAndATurnOverTheSameTasksInOppositeOrdersBothGoThrough() {
    for (int round = 0; round < 10; round++) {
      List<NewTask> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        batch.add(task().build());
      }
      store.submitAll(batch);
      List<StoredTask> held =
          store.claim(new ClaimRequest("node-a", 100, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));
      assertThat(held).hasSize(100);
      List<StoredTask> ascending =
          held.stream().sorted(Comparator.comparing(StoredTask::id)).toList();
      List<StoredTask> descending = new ArrayList<>(ascending);
      Collections.reverse(descending);
      // each side takes the tasks in one order and the other side in the other, by turns
      List<StoredTask> heartbeatOrder = round % 2 == 0 ? descending : ascending;
      List<StoredTask> turnOrder = round % 2 == 0 ? ascending : descending;
      Map<String, String> tokens = new LinkedHashMap<>();
      heartbeatOrder.forEach(t -> tokens.put(t.id(), t.leaseToken()));
      Instant now = store.now();
      List<Completion> outcomes =
          turnOrder.stream().map(t -> succeeded(t, "1", now)).toList();

      List<Object> results = race(
          2,
          i -> i == 0
              ? store.extendLeases(tokens, LONG_LEASE)
              : store.completeAndClaim(
                  outcomes, new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(TYPE))));

      Turnover turn = (Turnover) results.get(1);
      assertThat(turn.applied()).as("round %d", round).hasSize(100).containsOnly(true);
      assertThat(turn.claimed()).isEmpty();
      assertThat(ascending)
          .allSatisfy(t -> assertThat(reload(t.id()).state()).isEqualTo(TaskState.SUCCEEDED));
    }
  }

  @Test
  void extendingAHeldLeaseKeepsIt() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", Duration.ofMinutes(1));
    Duration longer = Duration.ofMinutes(30);
    Instant before = store.now();

    Map<String, LeaseStatus> status =
        store.extendLeases(Map.of(n.id(), claimed.leaseToken()), longer);

    assertThat(status).containsExactly(Map.entry(n.id(), LeaseStatus.KEPT));
    StoredTask now = reload(n.id());
    assertThat(now.leaseExpiresAt())
        .isAfterOrEqualTo(before.plus(longer))
        .isAfter(claimed.leaseExpiresAt());
    assertThat(now.leaseToken()).isEqualTo(claimed.leaseToken());
    assertThat(now.state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void aCancelRequestIsReportedAtTheNextExtension() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(store.requestCancel(claimed.id(), claimed.version())).isTrue();

    Map<String, LeaseStatus> status =
        store.extendLeases(Map.of(n.id(), claimed.leaseToken()), LONG_LEASE);

    assertThat(status).containsExactly(Map.entry(n.id(), LeaseStatus.CANCEL_REQUESTED));
    StoredTask now = reload(n.id());
    assertThat(now.state()).isEqualTo(TaskState.RUNNING);
    assertThat(now.cancelRequested()).isTrue();
    assertThat(now.leaseToken()).isEqualTo(claimed.leaseToken());
  }

  @Test
  void answersForEveryGivenIdInOneBatch() {
    NewTask kept = task().build();
    NewTask cancel = task().build();
    NewTask finished = task().build();
    submit(kept);
    submit(cancel);
    submit(finished);
    Map<String, StoredTask> claimed =
        store.claim(new ClaimRequest("node-a", 3, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))).stream()
            .collect(Collectors.toMap(StoredTask::id, t -> t));
    assertThat(claimed).hasSize(3);
    StoredTask toCancel = claimed.get(cancel.id());
    assertThat(store.requestCancel(toCancel.id(), toCancel.version())).isTrue();
    assertThat(complete(succeeded(claimed.get(finished.id()), "1", store.now())))
        .isTrue();
    String missing = newId();

    Map<String, LeaseStatus> status = store.extendLeases(
        Map.of(
            kept.id(),
            claimed.get(kept.id()).leaseToken(),
            cancel.id(),
            toCancel.leaseToken(),
            finished.id(),
            claimed.get(finished.id()).leaseToken(),
            missing,
            "no-such-token"),
        LONG_LEASE);

    assertThat(status)
        .containsOnly(
            Map.entry(kept.id(), LeaseStatus.KEPT),
            Map.entry(cancel.id(), LeaseStatus.CANCEL_REQUESTED),
            Map.entry(finished.id(), LeaseStatus.LOST),
            Map.entry(missing, LeaseStatus.LOST));
    assertThat(reload(finished.id()).state()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void aWrongTokenIsLostAndWritesNothing() {
    NewTask n = task().build();
    submit(n);
    claimExactly(n.id(), "node-a", LONG_LEASE);
    StoredTask before = reload(n.id());

    assertThat(store.extendLeases(Map.of(n.id(), "not-the-token"), Duration.ofHours(5)))
        .containsExactly(Map.entry(n.id(), LeaseStatus.LOST));
    assertThat(store.saveProgress(n.id(), "not-the-token", new Progress(1, 2, "x")))
        .isFalse();

    assertThat(reload(n.id())).isEqualTo(before);
  }

  @Test
  void aShortLeaseShowsUpAsExpiredOnceTheStoreClockPassesIt() {
    NewTask shortOne = task().build();
    submit(shortOne);
    claimExactly(shortOne.id(), "node-a", SHORT_LEASE);
    NewTask longOne = task().build();
    submit(longOne);
    claimExactly(longOne.id(), "node-a", LONG_LEASE);

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> ids(store.expiredLeases(10)).contains(shortOne.id()));

    List<StoredTask> expired = store.expiredLeases(10);
    Instant after = store.now();
    assertThat(ids(expired)).containsExactly(shortOne.id());
    assertThat(expired.get(0).leaseExpiresAt()).isBeforeOrEqualTo(after);
    assertThat(reload(shortOne.id()).state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void expiredLeasesReturnsAtMostMax() {
    for (int i = 0; i < 3; i++) {
      submit(task());
    }
    assertThat(store.claim(new ClaimRequest("node-a", 3, SHORT_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .hasSize(3);

    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> store.expiredLeases(10).size() == 3);

    assertThat(store.expiredLeases(2)).hasSize(2);
  }

  @Test
  void anExpiredLeaseReturnedToTheQueueIsClaimedAgainAsTheNextAttempt() {
    NewTask n = task().build();
    submit(n);
    StoredTask first = claimExactly(n.id(), "node-a", SHORT_LEASE);
    StoredTask expired = awaitExpired(n.id());
    Execution lost = new Execution(
        n.id(),
        expired.attempt(),
        null,
        "node-a",
        expired.startedAt(),
        store.now(),
        ExecutionOutcome.LEASE_EXPIRED,
        null,
        null);

    assertThat(store.returnExpiredLease(
            new LeaseReturn(expired.id(), expired.leaseToken(), TaskState.PENDING, null, lost)))
        .isTrue();

    StoredTask queued = reload(n.id());
    assertThat(queued.state()).isEqualTo(TaskState.PENDING);
    assertThat(queued.leaseToken()).isNull();
    assertThat(store.queuePosition(n.id())).hasValue(0);
    assertThat(store.expiredLeases(10)).isEmpty();
    StoredTask second = claimExactly(n.id(), "node-b", LONG_LEASE);
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.leaseOwner()).isEqualTo("node-b");
    assertThat(second.leaseToken()).isNotEqualTo(first.leaseToken());
    assertThat(store.executions(n.id())).containsExactly(lost);
  }

  @Test
  void theFirstWorkerIsFencedOffOnceItsLeaseWasTakenOver() {
    NewTask n = task().build();
    submit(n);
    StoredTask first = claimExactly(n.id(), "node-a", SHORT_LEASE);
    StoredTask expired = awaitExpired(n.id());
    assertThat(store.returnExpiredLease(new LeaseReturn(
            expired.id(),
            expired.leaseToken(),
            TaskState.PENDING,
            null,
            execution(n.id(), 1, "node-a", ExecutionOutcome.LEASE_EXPIRED))))
        .isTrue();
    StoredTask second = claimExactly(n.id(), "node-b", LONG_LEASE);
    StoredTask before = reload(n.id());

    assertThat(store.saveProgress(n.id(), first.leaseToken(), new Progress(9, 10, "late")))
        .isFalse();
    assertThat(store.complete(List.of(succeeded(first, "\"stale\"", store.now()))))
        .containsExactly(false);
    assertThat(store.extendLeases(Map.of(n.id(), first.leaseToken()), LONG_LEASE))
        .containsExactly(Map.entry(n.id(), LeaseStatus.LOST));

    assertThat(reload(n.id())).isEqualTo(before);
    assertThat(before.leaseToken()).isEqualTo(second.leaseToken());
    assertThat(store.executions(n.id()))
        .extracting(Execution::outcome)
        .containsExactly(ExecutionOutcome.LEASE_EXPIRED);
    assertThat(store.extendLeases(Map.of(n.id(), second.leaseToken()), LONG_LEASE))
        .containsExactly(Map.entry(n.id(), LeaseStatus.KEPT));
  }

  @Test
  void progressIsSavedUnderTheLeaseToken() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    Progress p = new Progress(3, 10, "resizing");

    assertThat(store.saveProgress(n.id(), claimed.leaseToken(), p)).isTrue();

    StoredTask now = reload(n.id());
    assertThat(now.progress()).isEqualTo(p);
    assertThat(now.state()).isEqualTo(TaskState.RUNNING);
    assertThat(now.leaseToken()).isEqualTo(claimed.leaseToken());
  }

  @Test
  void progressOfATaskThatIsNotRunningIsRefused() {
    StoredTask pending = submit(task());

    assertThat(store.saveProgress(pending.id(), "any-token", new Progress(1, 2, "")))
        .isFalse();
    assertThat(store.saveProgress(newId(), "any-token", new Progress(1, 2, ""))).isFalse();
    assertThat(reload(pending.id())).isEqualTo(pending);
  }
}
