package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.WAIT;
import static io.btmanager.testkit.contract.StoreFixtures.ascending;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static io.btmanager.testkit.contract.StoreFixtures.ids;
import static io.btmanager.testkit.contract.StoreFixtures.idsOf;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static io.btmanager.testkit.contract.StoreFixtures.withCreatedAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rules 1 and 5, queries: owner, filters, periods, sorts, pages and collapsed duplicate groups.
 * Only for stores that {@linkplain io.btmanager.core.spi.StoreCapabilities#filtersQueries()
 * filter queries}; for the others the core's evaluator answers, and this area is skipped.
 */
abstract class StoreQueryContract extends StoreContractArea {

  @BeforeEach
  void onlyForStoresThatFilterQueries() {
    assumeTrue(
        store.capabilities().filtersQueries(),
        "the store does not filter queries (the core evaluates them over tasksOf)");
  }

  @Test
  void anotherOwnersTasksNeverAppear() {
    String a1 = submit(task().owner("alice")).id();
    String a2 = submit(task().owner("alice")).id();
    String b1 = submit(task().owner("bob")).id();
    NewTask shared = task().owner("carol").build();
    submit(shared);
    store.submit(duplicateOf(shared, "alice"));

    StorePage alice = store.query("alice", ascending());
    assertThat(idsOf(alice)).containsExactly(a1, a2, shared.id());
    assertThat(alice.total()).isEqualTo(3);
    assertThat(idsOf(store.query("bob", ascending()))).containsExactly(b1);
    assertThat(idsOf(store.query("carol", ascending()))).containsExactly(shared.id());
    StorePage nobody = store.query("mallory", ascending());
    assertThat(nobody.tasks()).isEmpty();
    assertThat(nobody.total()).isZero();
    assertThat(idsOf(store.query(null, ascending()))).containsExactly(a1, a2, b1, shared.id());
  }

  @Test
  void filtersByTypeAndState() {
    StoredTask finishedA = runToEnd(task().type(TYPE).build(), TaskState.FAILED, store.now());
    String pendingA = submit(task().type(TYPE)).id();
    String pendingB = submit(task().type(OTHER_TYPE)).id();
    String scheduledA = submit(task().type(TYPE).scheduledAt(store.now().plus(1, ChronoUnit.DAYS)))
        .id();

    assertThat(idsOf(store.query("alice", ascending().type(TYPE))))
        .containsExactly(finishedA.id(), pendingA, scheduledA);
    assertThat(idsOf(store.query("alice", ascending().type(OTHER_TYPE)))).containsExactly(pendingB);
    assertThat(idsOf(store.query("alice", ascending().type(TYPE, OTHER_TYPE))))
        .containsExactly(finishedA.id(), pendingA, pendingB, scheduledA);
    assertThat(idsOf(store.query("alice", ascending().state(TaskState.PENDING))))
        .containsExactly(pendingA, pendingB);
    assertThat(idsOf(store.query("alice", ascending().active())))
        .containsExactly(pendingA, pendingB, scheduledA);
    assertThat(idsOf(store.query("alice", ascending().finished()))).containsExactly(finishedA.id());
    assertThat(idsOf(store.query("alice", ascending().type(OTHER_TYPE).finished())))
        .isEmpty();
    assertThat(store.query("alice", ascending().type("no-such-type")).total()).isZero();
  }

  @Test
  void createdPeriodsAreHalfOpen() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    String first = submit(task().createdAt(t0)).id();
    String second = submit(task().createdAt(t0.plusSeconds(1))).id();
    String third = submit(task().createdAt(t0.plusSeconds(2))).id();

    assertThat(idsOf(
            store.query("alice", ascending().createdBetween(t0.plusSeconds(1), t0.plusSeconds(2)))))
        .containsExactly(second);
    assertThat(idsOf(store.query("alice", ascending().createdBetween(null, t0.plusSeconds(1)))))
        .containsExactly(first);
    assertThat(idsOf(store.query("alice", ascending().createdBetween(t0.plusSeconds(1), null))))
        .containsExactly(second, third);
    assertThat(idsOf(store.query("alice", ascending().createdBetween(t0, t0)))).isEmpty();
  }

  @Test
  void finishedPeriodsAreHalfOpenAndSkipActiveTasks() {
    Instant f0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    String early = runToEnd(task().build(), TaskState.SUCCEEDED, f0).id();
    String middle =
        runToEnd(task().build(), TaskState.FAILED, f0.plusSeconds(1)).id();
    String late =
        runToEnd(task().build(), TaskState.CANCELLED, f0.plusSeconds(2)).id();
    String active = submit(task()).id();

    assertThat(idsOf(store.query(
            "alice", ascending().finishedBetween(f0.plusSeconds(1), f0.plusSeconds(2)))))
        .containsExactly(middle);
    assertThat(idsOf(store.query("alice", ascending().finishedBetween(null, f0.plusSeconds(1)))))
        .containsExactly(early);
    assertThat(idsOf(store.query("alice", ascending().finishedBetween(f0, null))))
        .containsExactly(early, middle, late);
    assertThat(idsOf(store.query("alice", ascending()))).contains(active).hasSize(4);
  }

  @Test
  void sortsByCreationWithTiesBySeqInTheSameDirection() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    String late = submit(task().createdAt(t0.plusSeconds(5))).id();
    String tie1 = submit(task().createdAt(t0)).id();
    String tie2 = submit(task().createdAt(t0)).id();
    String tie3 = submit(task().createdAt(t0)).id();

    assertThat(idsOf(store.query("alice", TaskQuery.mine().sortBy(TaskSort.CREATED_AT, false))))
        .containsExactly(tie1, tie2, tie3, late);
    assertThat(idsOf(store.query("alice", TaskQuery.mine().sortBy(TaskSort.CREATED_AT, true))))
        .containsExactly(late, tie3, tie2, tie1);
  }

  @Test
  void sortsByPriorityAndByName() {
    String lowB = submit(task().priority(Priority.LOW).name("b")).id();
    String highC = submit(task().priority(Priority.HIGH).name("c")).id();
    String lowA = submit(task().priority(Priority.LOW).name("a")).id();
    String mediumB = submit(task().priority(Priority.MEDIUM).name("b")).id();

    assertThat(idsOf(store.query("alice", TaskQuery.mine().sortBy(TaskSort.PRIORITY, false))))
        .containsExactly(lowB, lowA, mediumB, highC);
    assertThat(idsOf(store.query("alice", TaskQuery.mine().sortBy(TaskSort.PRIORITY, true))))
        .containsExactly(highC, mediumB, lowA, lowB);
    assertThat(idsOf(store.query("alice", TaskQuery.mine().sortBy(TaskSort.NAME, false))))
        .containsExactly(lowA, lowB, mediumB, highC);
    assertThat(idsOf(store.query("alice", TaskQuery.mine().sortBy(TaskSort.NAME, true))))
        .containsExactly(highC, mediumB, lowB, lowA);
  }

  @Test
  void sortsByFinishTimeWithActiveTasksLastWhenAscending() {
    Instant f0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    String second =
        runToEnd(task().build(), TaskState.SUCCEEDED, f0.plusSeconds(2)).id();
    String first =
        runToEnd(task().build(), TaskState.SUCCEEDED, f0.plusSeconds(1)).id();
    String active = submit(task()).id();

    assertThat(idsOf(store.query("alice", TaskQuery.mine().sortBy(TaskSort.FINISHED_AT, false))))
        .containsExactly(first, second, active);
    assertThat(idsOf(
            store.query("alice", TaskQuery.mine().finished().sortBy(TaskSort.FINISHED_AT, true))))
        .containsExactly(second, first);
  }

  @Test
  void pagesWithOffsetLimitAndTotal() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(submit(task().createdAt(t0.plusSeconds(i))).id());
    }
    submit(task().owner("bob"));

    StorePage p1 = store.query("alice", ascending().page(0, 3));
    StorePage p2 = store.query("alice", ascending().page(3, 3));
    StorePage p3 = store.query("alice", ascending().page(6, 3));
    StorePage beyond = store.query("alice", ascending().page(10, 3));

    assertThat(idsOf(p1)).containsExactlyElementsOf(all.subList(0, 3));
    assertThat(idsOf(p2)).containsExactlyElementsOf(all.subList(3, 6));
    assertThat(idsOf(p3)).containsExactlyElementsOf(all.subList(6, 7));
    assertThat(beyond.tasks()).isEmpty();
    assertThat(List.of(p1.total(), p2.total(), p3.total(), beyond.total())).containsOnly(7L);
    assertThat(p1.groupSizes()).isEmpty();
  }

  @Test
  void collapseKeepsTheLatestFinishedRunOfEachGroupAndEveryActiveOne() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    Instant f0 = t0.plusSeconds(100);
    NewTask k1 = task().createdAt(t0).build();
    NewTask k2 = withCreatedAt(duplicateOf(k1, "alice"), t0.plusSeconds(1));
    NewTask l1 = task().createdAt(t0.plusSeconds(2)).build();
    NewTask k3 = withCreatedAt(duplicateOf(k1, "alice"), t0.plusSeconds(3));
    NewTask k4 = withCreatedAt(duplicateOf(k1, "alice"), t0.plusSeconds(4));
    NewTask m1 = task().createdAt(t0.plusSeconds(5)).build();
    runToEnd(k1, TaskState.SUCCEEDED, f0.plusSeconds(1));
    runToEnd(k2, TaskState.FAILED, f0.plusSeconds(2));
    runToEnd(l1, TaskState.SUCCEEDED, f0.plusSeconds(3));
    runToEnd(k3, TaskState.SUCCEEDED, f0.plusSeconds(4));
    submit(k4);
    submit(m1);

    StorePage collapsed = store.query("alice", ascending().collapseDuplicates());

    assertThat(idsOf(collapsed)).containsExactly(l1.id(), k3.id(), k4.id(), m1.id());
    assertThat(collapsed.total()).isEqualTo(4);
    assertThat(collapsed.groupSizes())
        .containsOnly(Map.entry(k1.dedupKey(), 3), Map.entry(l1.dedupKey(), 1));

    StorePage firstPage = store.query("alice", ascending().collapseDuplicates().page(0, 2));
    assertThat(idsOf(firstPage)).containsExactly(l1.id(), k3.id());
    assertThat(firstPage.total()).isEqualTo(4);

    StorePage filtered = store.query(
        "alice", ascending().collapseDuplicates().finishedBetween(null, f0.plusSeconds(4)));
    assertThat(idsOf(filtered)).containsExactly(k2.id(), l1.id());
    assertThat(filtered.groupSizes())
        .containsOnly(Map.entry(k1.dedupKey(), 2), Map.entry(l1.dedupKey(), 1));

    StorePage expanded = store.query("alice", ascending());
    assertThat(idsOf(expanded))
        .containsExactly(k1.id(), k2.id(), l1.id(), k3.id(), k4.id(), m1.id());
    assertThat(expanded.groupSizes()).isEmpty();
  }

  @Test
  void findAllKeepsTheOrderOfTheIdsAndSkipsMissingOnes() {
    String a = submit(task()).id();
    String b = submit(task().owner("bob")).id();
    String c = submit(task()).id();

    assertThat(ids(store.findAll(List.of(c, newId(), a, b)))).containsExactly(c, a, b);
    assertThat(store.findAll(List.of())).isEmpty();
    assertThat(store.findAll(List.of(newId()))).isEmpty();
  }

  // ---------------------------------------------- ran in a period (issue 15, seed 002)

  @Test
  void ranPeriodsTakeTasksByAnyAttemptsStartHalfOpen() {
    StoredTask before = runToEnd(task().build(), TaskState.SUCCEEDED, store.now());
    NewTask retried = task().type(TYPE).build();
    submit(retried);
    StoredTask first = claimOf(TYPE, retried.id(), before.startedAt());
    assertThat(complete(retry(first, store.now().minusMillis(1)))).isTrue();
    NewTask other = task().type(OTHER_TYPE).build();
    submit(other);
    StoredTask running = claimOf(OTHER_TYPE, other.id(), first.startedAt());
    StoredTask second = claimOf(TYPE, retried.id(), running.startedAt());
    String never = submit(task()).id();

    assertThat(second.attempt()).isEqualTo(2);
    assertThat(idsOf(
            store.query("alice", ascending().ranBetween(first.startedAt(), running.startedAt()))))
        .as("the first attempt, kept only in the task's history")
        .containsExactly(retried.id());
    assertThat(idsOf(
            store.query("alice", ascending().ranBetween(running.startedAt(), second.startedAt()))))
        .as("the running attempt")
        .containsExactly(other.id());
    assertThat(idsOf(store.query("alice", ascending().ranBetween(second.startedAt(), null))))
        .containsExactly(retried.id());
    assertThat(idsOf(store.query("alice", ascending().ranBetween(null, first.startedAt()))))
        .containsExactly(before.id());
    StorePage anyRun = store.query("alice", ascending().ranBetween(before.startedAt(), null));
    assertThat(idsOf(anyRun)).containsExactly(before.id(), retried.id(), other.id());
    assertThat(anyRun.total()).isEqualTo(3);
    assertThat(idsOf(store.query("alice", ascending().ranBetween(null, null))))
        .containsExactly(before.id(), retried.id(), other.id(), never);
    assertThat(idsOf(
            store.query("alice", ascending().ranBetween(first.startedAt(), first.startedAt()))))
        .isEmpty();
    assertThat(store.query("bob", ascending().ranBetween(null, Instant.MAX)).total())
        .isZero();
  }

  /**
   * Claims the one runnable task of {@code type} once the store's clock has passed {@code after}.
   */
  private StoredTask claimOf(String type, String id, Instant after) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> store.now().isAfter(after));
    List<StoredTask> claimed = store.claim(new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(type)));
    assertThat(claimed).extracting(StoredTask::id).as("claimed").containsExactly(id);
    return claimed.get(0);
  }
}
