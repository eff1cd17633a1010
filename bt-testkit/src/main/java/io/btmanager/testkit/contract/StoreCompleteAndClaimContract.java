package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.IO_ERROR;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A worker's turn: the outcomes of finished attempts are written, then the next tasks claimed, in
 * one call.
 */
abstract class StoreCompleteAndClaimContract extends StoreContractArea {

  @Test
  void writesTheOutcomesThenClaimsTheNextTasksInClaimOrder() {
    NewTask first = task().build();
    submit(first);
    StoredTask running = claimExactly(first.id(), "node-a", LONG_LEASE);
    String low = submit(task().priority(Priority.LOW)).id();
    String high = submit(task().priority(Priority.HIGH)).id();
    Completion done = succeeded(running, "1", store.now());

    Turnover turn = store.completeAndClaim(
        List.of(done), new ClaimRequest("node-a", 5, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(turn.applied()).containsExactly(true);
    assertThat(turn.claimed()).extracting(StoredTask::id).containsExactly(high, low);
    assertThat(turn.claimed()).allSatisfy(t -> {
      assertThat(t.state()).isEqualTo(TaskState.RUNNING);
      assertThat(t.leaseOwner()).isEqualTo("node-a");
      assertThat(t.attempt()).isEqualTo(1);
      assertThat(t.owners()).containsExactly("alice");
      assertThat(reload(t.id())).isEqualTo(t);
    });
    assertThat(reload(first.id()).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(store.executions(first.id())).containsExactly(done.execution());
  }

  @Test
  void aLostLeaseIsRefusedWhileTheRestOfTheTurnHappens() {
    NewTask a = task().build();
    NewTask b = task().build();
    store.submitAll(List.of(a, b));
    Map<String, StoredTask> claimed =
        store.claim(new ClaimRequest("node-a", 2, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))).stream()
            .collect(Collectors.toMap(StoredTask::id, t -> t));
    assertThat(deleteAsRead(reload(b.id()))).isTrue();
    String next = submit(task()).id();

    Turnover turn = store.completeAndClaim(
        List.of(
            succeeded(claimed.get(a.id()), "1", store.now()),
            succeeded(claimed.get(b.id()), "2", store.now())),
        new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(turn.applied()).containsExactly(true, false);
    assertThat(turn.claimed()).extracting(StoredTask::id).containsExactly(next);
    assertThat(store.find(b.id())).isEmpty();
    assertThat(store.executions(b.id())).isEmpty();
  }

  @Test
  void theClaimSeesTheTurnsOwnOutcomes() {
    NewTask n = task().build();
    submit(n);
    StoredTask first = claimExactly(n.id(), "node-a", LONG_LEASE);

    Turnover turn = store.completeAndClaim(
        List.of(released(first)),
        new ClaimRequest("node-b", 1, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(turn.applied()).containsExactly(true);
    assertThat(turn.claimed()).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo(n.id());
      assertThat(t.leaseOwner()).isEqualTo("node-b");
      assertThat(t.attempt()).isEqualTo(1);
      assertThat(t.leaseToken()).isNotEqualTo(first.leaseToken());
    });
  }

  @Test
  void aRetryKeepsItsTaskActiveAndAFinishedTaskLetsItsKeyGoInTheSameTurn() {
    NewTask retried = task().build();
    NewTask finished = task().build();
    store.submitAll(List.of(retried, finished));
    Map<String, StoredTask> claimed =
        store.claim(new ClaimRequest("node-a", 2, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))).stream()
            .collect(Collectors.toMap(StoredTask::id, t -> t));
    Instant later = store.now().plus(1, ChronoUnit.HOURS);
    Completion retry = retry(claimed.get(retried.id()), later);
    Completion done = succeeded(claimed.get(finished.id()), "\"done\"", store.now());

    Turnover turn = store.completeAndClaim(
        List.of(retry, done), new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(turn.applied()).containsExactly(true, true);
    assertThat(turn.claimed()).isEmpty();
    StoredTask waiting = reload(retried.id());
    assertThat(waiting.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(waiting.nextAttemptAt()).isEqualTo(later);
    assertThat(waiting.error()).isEqualTo(IO_ERROR);
    assertThat(waiting.leaseToken()).isNull();
    assertThat(store.executions(retried.id())).containsExactly(retry.execution());
    assertThat(store.executions(finished.id())).containsExactly(done.execution());
    assertThat(store.submit(duplicateOf(retried, "bob")).task().id()).isEqualTo(retried.id());
    assertThat(store.submit(duplicateOf(finished, "bob")).task().id()).isNotEqualTo(finished.id());
  }

  @Test
  void twoOutcomesOfOneAttemptInOneTurnWriteOnlyTheFirst() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    Completion first = succeeded(claimed, "1", store.now());
    Completion second = failed(claimed, IO_ERROR, store.now());

    Turnover turn = store.completeAndClaim(
        List.of(first, second),
        new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(turn.applied()).containsExactly(true, false);
    assertThat(turn.claimed()).isEmpty();
    assertThat(reload(n.id()).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(reload(n.id()).resultJson()).isEqualTo("1");
    assertThat(store.executions(n.id())).containsExactly(first.execution());
  }

  @Test
  void withNothingToClaimOrNoClaimWantedItOnlyCompletes() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    String waiting = submit(task()).id();

    Turnover turn = store.completeAndClaim(
        List.of(succeeded(claimed, "1", store.now())),
        new ClaimRequest("node-a", 0, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

    assertThat(turn.applied()).containsExactly(true);
    assertThat(turn.claimed()).isEmpty();
    assertThat(reload(waiting).state()).isEqualTo(TaskState.PENDING);
    assertThat(store
            .completeAndClaim(
                List.of(), new ClaimRequest("node-a", 3, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)))
            .claimed())
        .extracting(StoredTask::id)
        .containsExactly(waiting);
    assertThat(store
            .completeAndClaim(
                List.of(), new ClaimRequest("node-a", 3, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)))
            .claimed())
        .isEmpty();
  }
}
