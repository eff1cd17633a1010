package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.CANCELLED_ERROR;
import static io.btmanager.testkit.contract.StoreFixtures.IO_ERROR;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Complete: every end of an attempt (success, failure, cancellation, retry, release) is written
 * once, under the lease token.
 */
abstract class StoreCompleteContract extends StoreContractArea {

  @Test
  void successSetsResultAndFinishTimeAndClearsTheLease() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    Instant finishedAt = store.now();
    Completion c = succeeded(claimed, "{\"uri\":\"file:/out.png\"}", finishedAt);

    assertThat(store.complete(List.of(c))).containsExactly(true);

    StoredTask done = reload(n.id());
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(done.resultJson()).isEqualTo("{\"uri\":\"file:/out.png\"}");
    assertThat(done.finishedAt()).isEqualTo(finishedAt);
    assertThat(done.progress()).isEqualTo(c.progress());
    assertThat(done.error()).isNull();
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(done.startedAt()).isEqualTo(claimed.startedAt());
    assertThat(done.leaseOwner()).isNull();
    assertThat(done.leaseToken()).isNull();
    assertThat(done.leaseExpiresAt()).isNull();
    assertThat(done.activeDedupKey()).isNull();
    assertThat(store.executions(n.id())).containsExactly(c.execution());
    assertThat(store.submit(duplicateOf(n, "alice")).joined()).isFalse();
  }

  @Test
  void failureSetsTheErrorAndFreesTheDedupKey() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    Instant finishedAt = store.now();

    assertThat(complete(failed(claimed, IO_ERROR, finishedAt))).isTrue();

    StoredTask done = reload(n.id());
    assertThat(done.state()).isEqualTo(TaskState.FAILED);
    assertThat(done.error()).isEqualTo(IO_ERROR);
    assertThat(done.finishedAt()).isEqualTo(finishedAt);
    assertThat(done.resultJson()).isNull();
    assertThat(done.leaseToken()).isNull();
    assertThat(store.executions(n.id()))
        .extracting(Execution::outcome)
        .containsExactly(ExecutionOutcome.FAILED);
    assertThat(store.submit(duplicateOf(n, "alice")).joined()).isFalse();
  }

  @Test
  void cancellationEndsTheTaskAndClearsTheCancelRequest() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(store.requestCancel(claimed.id(), claimed.version())).isTrue();
    Instant finishedAt = store.now();

    assertThat(complete(cancelled(claimed, finishedAt))).isTrue();

    StoredTask done = reload(n.id());
    assertThat(done.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(done.cancelRequested()).isFalse();
    assertThat(done.error()).isEqualTo(CANCELLED_ERROR);
    assertThat(done.finishedAt()).isEqualTo(finishedAt);
    assertThat(store.submit(duplicateOf(n, "alice")).joined()).isFalse();
  }

  @Test
  void aRetryWaitsForItsBackoffAndStaysActive() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    Instant later = store.now().plus(1, ChronoUnit.HOURS);

    assertThat(complete(retry(claimed, later))).isTrue();

    StoredTask waiting = reload(n.id());
    assertThat(waiting.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(waiting.nextAttemptAt()).isEqualTo(later);
    assertThat(waiting.attempt()).isEqualTo(1);
    assertThat(waiting.error()).isEqualTo(IO_ERROR);
    assertThat(waiting.finishedAt()).isNull();
    assertThat(waiting.leaseToken()).isNull();
    assertThat(store.claim(new ClaimRequest("node-a", 10, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .isEmpty();
    assertThat(store.queuePosition(n.id())).isEmpty();
    SubmitResult joined = store.submit(duplicateOf(n, "bob"));
    assertThat(joined.joined()).isTrue();
    assertThat(joined.task().id()).isEqualTo(n.id());
  }

  @Test
  void aDueRetryIsClaimedAsTheNextAttempt() {
    NewTask n = task().build();
    submit(n);
    StoredTask first = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(complete(retry(first, store.now().minusMillis(1)))).isTrue();

    StoredTask second = claimExactly(n.id(), "node-b", LONG_LEASE);

    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.nextAttemptAt()).isNull();
  }

  @Test
  void aReleasedTaskGoesBackToTheQueueWithoutCountingTheAttempt() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);

    assertThat(complete(released(claimed))).isTrue();

    StoredTask queued = reload(n.id());
    assertThat(queued.state()).isEqualTo(TaskState.PENDING);
    assertThat(queued.attempt()).isZero();
    assertThat(queued.leaseToken()).isNull();
    assertThat(store.queuePosition(n.id())).hasValue(0);
    assertThat(claimExactly(n.id(), "node-b", LONG_LEASE).attempt()).isEqualTo(1);
    assertThat(store.executions(n.id()))
        .extracting(Execution::outcome)
        .containsExactly(ExecutionOutcome.RELEASED);
  }

  @Test
  void executionsAreAppendedInOrder() {
    NewTask n = task().build();
    submit(n);
    List<Execution> expected = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      StoredTask claimed = claimExactly(n.id(), "node-" + i, LONG_LEASE);
      Completion c = retry(claimed, store.now().minusMillis(1));
      assertThat(complete(c)).isTrue();
      expected.add(c.execution());
    }
    StoredTask last = claimExactly(n.id(), "node-2", LONG_LEASE);
    Completion done = succeeded(last, "3", store.now());
    assertThat(complete(done)).isTrue();
    expected.add(done.execution());

    assertThat(store.executions(n.id()))
        .containsExactlyElementsOf(expected)
        .extracting(Execution::attempt)
        .containsExactly(1, 2, 3);
  }

  @Test
  void ownersAndDetailsChangedWhileRunningAreKept() {
    NewTask n = task().owner("alice").build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(store.submit(duplicateOf(n, "bob")).joined()).isTrue();
    StoredTask shared = reload(n.id());
    assertThat(store.editDetails(
            new DetailsEdit(shared.id(), shared.version(), "renamed", "d", null, Priority.HIGH)))
        .isTrue();

    assertThat(complete(succeeded(claimed, "1", store.now()))).isTrue();

    StoredTask done = reload(n.id());
    assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(done.owners()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(done.name()).isEqualTo("renamed");
    assertThat(done.priority()).isEqualTo(Priority.HIGH);
  }

  @Test
  void aBatchAnswersPerCompletion() {
    NewTask a = task().build();
    NewTask b = task().build();
    NewTask c = task().build();
    store.submitAll(List.of(a, b, c));
    Map<String, StoredTask> claimed =
        store.claim(new ClaimRequest("node-a", 3, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))).stream()
            .collect(Collectors.toMap(StoredTask::id, t -> t));
    assertThat(claimed).hasSize(3);
    StoredTask staleB = claimed.get(b.id());
    StoredTask deleted = reload(b.id());
    assertThat(store.delete(deleted.id(), deleted.version())).isTrue();
    Instant finishedAt = store.now();

    List<Boolean> applied = store.complete(List.of(
        succeeded(claimed.get(a.id()), "\"a\"", finishedAt),
        succeeded(staleB, "\"b\"", finishedAt),
        failed(claimed.get(c.id()), IO_ERROR, finishedAt)));

    assertThat(applied).containsExactly(true, false, true);
    assertThat(reload(a.id()).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(store.find(b.id())).isEmpty();
    assertThat(store.executions(b.id())).isEmpty();
    assertThat(reload(c.id()).state()).isEqualTo(TaskState.FAILED);
  }

  @Test
  void aSecondCompletionWithTheSameTokenIsRefused() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(complete(succeeded(claimed, "1", store.now()))).isTrue();
    StoredTask done = reload(n.id());

    assertThat(complete(failed(claimed, IO_ERROR, store.now()))).isFalse();

    assertThat(reload(n.id())).isEqualTo(done);
    assertThat(store.executions(n.id())).hasSize(1);
  }

  @Test
  void anExecutionThatIsNotTheTasksOwnIsKeptAsGiven() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    Instant finishedAt = store.now();
    Execution other = new Execution(
        n.id(),
        claimed.attempt(),
        null,
        "node-b",
        finishedAt.minusSeconds(60),
        finishedAt.minusSeconds(30),
        ExecutionOutcome.SUCCEEDED,
        "\"earlier\"",
        null);
    Completion c = succeeded(claimed, "\"now\"", finishedAt);
    Completion withOther = new Completion(
        c.taskId(),
        c.leaseToken(),
        c.state(),
        c.attempt(),
        c.progress(),
        c.resultJson(),
        c.error(),
        c.finishedAt(),
        c.nextAttemptAt(),
        other);

    assertThat(complete(withOther)).isTrue();

    assertThat(store.executions(n.id())).containsExactly(other);
  }
}
