package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.Racing.race;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static io.btmanager.testkit.contract.StoreFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Rule 2, deduplication: a submit with the dedup key of an active task joins it as another owner,
 * under any concurrency.
 */
abstract class StoreDeduplicationContract extends StoreContractArea {

  @Test
  void aDuplicateJoinsTheActiveTaskAndAddsItsOwner() {
    NewTask first = task().owner("alice").build();
    StoredTask original = submit(first);

    SubmitResult joined = store.submit(duplicateOf(first, "bob"));

    assertThat(joined.joined()).isTrue();
    assertThat(joined.task().id()).isEqualTo(first.id());
    assertThat(joined.task().seq()).isEqualTo(original.seq());
    assertThat(joined.task().owners()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(reload(first.id()).owners()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(listing(null, TaskQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void joiningTwiceAsTheSameOwnerListsItOnce() {
    NewTask first = task().owner("alice").build();
    submit(first);

    SubmitResult again = store.submit(duplicateOf(first, "alice"));

    assertThat(again.joined()).isTrue();
    assertThat(again.task().id()).isEqualTo(first.id());
    assertThat(reload(first.id()).owners()).containsExactly("alice");
  }

  @Test
  void aJoinIsAWriteThatMovesTheVersion() {
    NewTask first = task().owner("alice").build();
    StoredTask before = submit(first);
    store.submit(duplicateOf(first, "bob"));

    assertThat(reload(first.id()).version()).isNotEqualTo(before.version());
    assertThat(store.editDetails(
            new DetailsEdit(before.id(), before.version(), "renamed", "", null, Priority.LOW)))
        .isFalse();
    assertThat(reload(first.id()).owners()).containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void scheduledAndRunningTasksAreJoinedToo() {
    NewTask scheduled =
        task().scheduledAt(store.now().plus(1, ChronoUnit.HOURS)).build();
    submit(scheduled);
    NewTask running = task().build();
    submit(running);
    claimExactly(running.id(), "node-a", LONG_LEASE);

    SubmitResult s = store.submit(duplicateOf(scheduled, "bob"));
    SubmitResult r = store.submit(duplicateOf(running, "bob"));

    assertThat(s.joined()).isTrue();
    assertThat(s.task().id()).isEqualTo(scheduled.id());
    assertThat(s.task().state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(r.joined()).isTrue();
    assertThat(r.task().id()).isEqualTo(running.id());
    assertThat(r.task().state()).isEqualTo(TaskState.RUNNING);
    assertThat(reload(running.id()).owners()).containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void differentKeysMakeDifferentTasks() {
    SubmitResult a = store.submit(task().build());
    SubmitResult b = store.submit(task().build());

    assertThat(a.joined()).isFalse();
    assertThat(b.joined()).isFalse();
    assertThat(a.task().id()).isNotEqualTo(b.task().id());
  }

  @Test
  void aFinishedTaskWithTheSameKeyDoesNotBlockANewOne() {
    NewTask first = task().build();
    StoredTask done = runToEnd(first, TaskState.SUCCEEDED, store.now());

    NewTask again = duplicateOf(first, "bob");
    SubmitResult result = store.submit(again);

    assertThat(result.joined()).isFalse();
    assertThat(result.task().id()).isEqualTo(again.id());
    assertThat(result.task().owners()).containsExactly("bob");
    assertThat(result.task().state()).isEqualTo(TaskState.PENDING);
    assertThat(reload(first.id())).isEqualTo(done);
    assertThat(listing(null, TaskQuery.all()).total()).isEqualTo(2);
  }

  @Test
  void sixtyFourSimultaneousIdenticalSubmitsMakeOneTaskWithSixtyFourOwners() {
    NewTask template = task().build();
    int n = 64;

    List<SubmitResult> results = race(n, i -> store.submit(duplicateOf(template, "user-" + i)));

    Set<String> ids = results.stream().map(r -> r.task().id()).collect(Collectors.toSet());
    assertThat(ids).hasSize(1);
    assertThat(results).filteredOn(r -> !r.joined()).hasSize(1);
    StoredTask task = reload(ids.iterator().next());
    assertThat(task.owners())
        .hasSize(n)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, n).mapToObj(i -> "user-" + i).collect(Collectors.toList()));
    assertThat(listing(null, TaskQuery.all()).total()).isEqualTo(1);
    for (int i = 0; i < n; i++) {
      assertThat(listing("user-" + i, TaskQuery.mine()).tasks())
          .extracting(StoredTask::id)
          .containsExactly(task.id());
    }
  }
}
