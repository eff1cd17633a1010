package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Delete, a compare-and-set on the version: the task and its executions go, its dedup key is
 * free, its worker loses the lease.
 */
abstract class StoreDeleteContract extends StoreContractArea {

  @Test
  void removesTheTaskAndItsExecutions() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(complete(retry(claimed, store.now().plus(1, ChronoUnit.HOURS)))).isTrue();
    assertThat(store.executions(n.id())).hasSize(1);

    assertThat(deleteAsRead(reload(n.id()))).isTrue();

    assertThat(store.find(n.id())).isEmpty();
    assertThat(store.executions(n.id())).isEmpty();
    assertThat(listing(null, TaskQuery.all()).total()).isZero();
    assertThat(store.queuePosition(n.id())).isEmpty();
  }

  @Test
  void aStaleVersionDeletesNothing() {
    StoredTask t = submit(task());
    assertThat(store.editDetails(
            new DetailsEdit(t.id(), t.version(), "renamed", "", null, Priority.MEDIUM)))
        .isTrue();

    assertThat(store.delete(t.id(), t.version())).isFalse();
    assertThat(reload(t.id()).name()).isEqualTo("renamed");
  }

  @Test
  void aSecondDeleteFindsNothing() {
    StoredTask t = submit(task());
    assertThat(store.delete(t.id(), t.version())).isTrue();
    assertThat(store.delete(t.id(), t.version())).isFalse();
  }

  @Test
  void aDeletedActiveTaskFreesItsDedupKey() {
    NewTask n = task().build();
    StoredTask t = submit(n);
    assertThat(store.delete(t.id(), t.version())).isTrue();

    SubmitResult again = store.submit(duplicateOf(n, "alice"));

    assertThat(again.joined()).isFalse();
    assertThat(store.claim(new ClaimRequest("node-a", 10, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .extracting(StoredTask::id)
        .containsExactly(again.task().id());
  }

  @Test
  void theWorkerOfADeletedTaskLosesItsLease() {
    NewTask n = task().build();
    submit(n);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(deleteAsRead(reload(n.id()))).isTrue();

    assertThat(store.saveProgress(n.id(), claimed.leaseToken(), new Progress(1, 2, "half")))
        .isFalse();
    assertThat(store.extendLeases(Map.of(n.id(), claimed.leaseToken()), LONG_LEASE))
        .containsExactly(Map.entry(n.id(), LeaseStatus.LOST));
    assertThat(store.complete(List.of(succeeded(claimed, "1", store.now()))))
        .containsExactly(false);
    assertThat(store.find(n.id())).isEmpty();
    assertThat(store.executions(n.id())).isEmpty();
  }
}
