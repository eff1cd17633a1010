package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retention: a purge removes the tasks finished before its cutoff, with their executions, and no
 * other.
 */
abstract class StoreRetentionContract extends StoreContractArea {

  @Test
  void purgesOnlyTasksFinishedBeforeTheCutoffWithTheirExecutions() {
    Instant cutoff = store.now().truncatedTo(ChronoUnit.SECONDS);
    Instant created = cutoff.minus(3, ChronoUnit.HOURS);
    String oldSuccess = runToEnd(
            task().createdAt(created).build(),
            TaskState.SUCCEEDED,
            cutoff.minus(2, ChronoUnit.HOURS))
        .id();
    String oldCancel = runToEnd(
            task().createdAt(created).build(), TaskState.CANCELLED, cutoff.minusMillis(1))
        .id();
    String atCutoff =
        runToEnd(task().createdAt(created).build(), TaskState.FAILED, cutoff).id();
    String after = runToEnd(
            task().createdAt(created).build(), TaskState.SUCCEEDED, cutoff.plusSeconds(1))
        .id();
    String running = submit(task().createdAt(created)).id();
    claimExactly(running, "node-a", LONG_LEASE);
    String pending = submit(task().createdAt(created)).id();
    assertThat(store.executions(oldSuccess)).hasSize(1);

    assertThat(store.purgeFinishedBefore(cutoff, 1_000)).isEqualTo(2);

    assertThat(store.find(oldSuccess)).isEmpty();
    assertThat(store.find(oldCancel)).isEmpty();
    assertThat(store.executions(oldSuccess)).isEmpty();
    assertThat(ids(store.findAll(List.of(atCutoff, after, running, pending))))
        .containsExactly(atCutoff, after, running, pending);
    assertThat(store.executions(atCutoff)).hasSize(1);
    assertThat(listing(null, TaskQuery.all()).total()).isEqualTo(4);
    assertThat(store.purgeFinishedBefore(cutoff, 1_000)).isZero();
  }

  @Test
  void instantMaxMeansEveryFinishedTask() {
    Instant now = store.now().truncatedTo(ChronoUnit.SECONDS);
    runToEnd(task().createdAt(now).build(), TaskState.SUCCEEDED, now);
    String pending = submit(task().createdAt(now)).id();

    assertThat(store.purgeFinishedBefore(Instant.MAX, 1_000)).isEqualTo(1);
    assertThat(ids(listing(null, TaskQuery.all()).tasks())).containsExactly(pending);
  }
}
