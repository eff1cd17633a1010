package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.Racing.race;
import static io.btmanager.testkit.contract.StoreFixtures.CANCELLED_ERROR;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static io.btmanager.testkit.contract.StoreFixtures.idsOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The named changes the core makes (owners, cancel request, cancel of a waiting task, details),
 * each a compare-and-set on the task's version.
 */
abstract class StoreNamedChangesContract extends StoreContractArea {

  @Test
  void writesTheChangeAndMovesTheVersion() {
    StoredTask t = submit(task());
    URI link = URI.create("https://example.com/x");

    assertThat(store.editDetails(
            new DetailsEdit(t.id(), t.version(), "new name", "new text", link, Priority.HIGH)))
        .isTrue();

    StoredTask now = reload(t.id());
    assertThat(now.name()).isEqualTo("new name");
    assertThat(now.description()).isEqualTo("new text");
    assertThat(now.link()).isEqualTo(link);
    assertThat(now.priority()).isEqualTo(Priority.HIGH);
    assertThat(now.version()).isNotEqualTo(t.version());
    assertThat(now.seq()).isEqualTo(t.seq());
    assertThat(now.dedupKey()).isEqualTo(t.dedupKey());
  }

  @Test
  void aStaleVersionChangesNothing() {
    StoredTask t = submit(task());
    assertThat(store.editDetails(
            new DetailsEdit(t.id(), t.version(), "first", "", null, Priority.MEDIUM)))
        .isTrue();
    StoredTask afterFirst = reload(t.id());

    boolean second =
        store.editDetails(new DetailsEdit(t.id(), t.version(), "second", "", null, Priority.LOW));

    assertThat(second).isFalse();
    assertThat(reload(t.id())).isEqualTo(afterFirst);
    assertThat(store.executions(t.id())).isEmpty();
  }

  @Test
  void aMissingTaskIsNotReplaced() {
    StoredTask t = submit(task());
    assertThat(store.delete(t.id(), t.version())).isTrue();

    assertThat(store.editDetails(new DetailsEdit(t.id(), t.version(), "x", "", null, Priority.LOW)))
        .isFalse();
    assertThat(store.find(t.id())).isEmpty();
  }

  @Test
  void aCancelledPendingTaskLeavesTheQueueAndFreesItsDedupKey() {
    NewTask n = task().build();
    StoredTask t = submit(n);
    Instant finishedAt = store.now();

    StoredTask cancelled = cancelWaiting(t);

    assertThat(cancelled.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(cancelled.finishedAt()).as("the store's now").isBetween(finishedAt, store.now());
    assertThat(cancelled.error()).isEqualTo(CANCELLED_ERROR);
    assertThat(store.queuePosition(t.id())).isEmpty();
    assertThat(store.claim(new ClaimRequest("node-a", 10, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .isEmpty();
    NewTask again = duplicateOf(n, "alice");
    SubmitResult result = store.submit(again);
    assertThat(result.joined()).isFalse();
    assertThat(result.task().id()).isEqualTo(again.id());
  }

  @Test
  void ownerChangesShowInQueriesByOwner() {
    NewTask n = task().owner("alice").build();
    StoredTask t = submit(n);

    assertThat(store.submit(duplicateOf(n, "bob")).joined()).isTrue();
    assertThat(idsOf(listing("bob", TaskQuery.mine()))).containsExactly(t.id());
    assertThat(idsOf(listing("alice", TaskQuery.mine()))).containsExactly(t.id());

    StoredTask shared = reload(t.id());
    assertThat(store.detachOwner(shared.id(), shared.version(), "alice")).isTrue();
    assertThat(idsOf(listing("alice", TaskQuery.mine()))).isEmpty();
    assertThat(idsOf(listing("bob", TaskQuery.mine()))).containsExactly(t.id());
    assertThat(reload(t.id()).owners()).containsExactly("bob");
  }

  @Test
  void ofEightConcurrentReplacesOfOneVersionExactlyOneWins() {
    StoredTask t = submit(task());

    List<Boolean> wins = race(
        8,
        i -> store.editDetails(
            new DetailsEdit(t.id(), t.version(), "name-" + i, "", null, Priority.MEDIUM)));

    assertThat(wins).filteredOn(w -> w).hasSize(1);
    int winner = wins.indexOf(true);
    assertThat(reload(t.id()).name()).isEqualTo("name-" + winner);
  }
}
