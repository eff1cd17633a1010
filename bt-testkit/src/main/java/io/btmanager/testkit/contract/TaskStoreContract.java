package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.Racing.race;
import static io.btmanager.testkit.contract.StoreFixtures.CANCELLED_ERROR;
import static io.btmanager.testkit.contract.StoreFixtures.IO_ERROR;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.SHORT_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.WAIT;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.internal.QueryEvaluator;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.spi.TaskChange;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.contract.StoreFixtures.TaskSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TaskStore} keeps, as an abstract JUnit suite grouped by area ({@code
 * @Nested}: submit, deduplication, named changes, delete, claim, leases, complete, queue position,
 * query, retention, configurations, schedule entries, durability on reopen, change feed), so a
 * backend author works through it area by area. Areas a store's {@link
 * io.btmanager.core.spi.StoreCapabilities} exclude are skipped, and reported as skipped: query
 * without {@code filtersQueries}, durability on reopen without {@code survivesRestart} (a store that
 * declares it overrides {@link #reopen}), change feed without {@code changeFeed}. A backend passes
 * it with one thin subclass:
 *
 * <pre>{@code
 * class H2TaskStoreContractTest extends TaskStoreContract {
 *   @Override
 *   protected TaskStore createStore() {
 *     return JdbcTaskStore.h2InMemory("contract-" + UUID.randomUUID()); // a fresh, empty database
 *   }
 * }
 * }</pre>
 *
 * <p>The in-memory store is the oracle: where it and a backend disagree, the Javadoc of {@link
 * TaskStore} decides. Waits are bounded (never a sleep); lease expiry is awaited on the store's own
 * clock, {@link TaskStore#now()}, so that clock must advance in real time. Every instant the suite
 * stores is derived from {@code now()} (plus whole seconds or milliseconds) and is expected back
 * unchanged, so {@code now()} must not be finer than what the store keeps (e.g. microseconds on
 * PostgreSQL).
 */
public abstract class TaskStoreContract {

  private TaskStore store;

  /**
   * A fresh, empty store for one test; the suite closes it after the test with {@link
   * #releaseStore}. A SQL backend returns a store on a new, empty schema or database (e.g. named
   * after a random UUID), or on tables it has just truncated.
   */
  protected abstract TaskStore createStore();

  /**
   * For a store that {@linkplain io.btmanager.core.spi.StoreCapabilities#survivesRestart()
   * survives a restart}: a new store on the same data as {@code closed}, which the suite has just
   * closed (the durability area reopens its store). The suite releases the returned store too. The
   * default throws: override it when the store declares {@code survivesRestart}.
   */
  protected TaskStore reopen(TaskStore closed) {
    throw new UnsupportedOperationException(
        getClass().getName() + " declares survivesRestart but does not override reopen()");
  }

  /**
   * Called after each test with the store {@link #createStore()} returned. Closes it; override to
   * also drop a per-test schema (call {@code super.releaseStore(store)} first).
   */
  protected void releaseStore(TaskStore store) {
    store.close();
  }

  /** The store of the running test. */
  protected final TaskStore store() {
    return store;
  }

  /** The stores reopened by the running test, released after it. */
  private final List<TaskStore> reopened = new ArrayList<>();

  /**
   * A listing as the core answers it: the store's own query when it {@linkplain
   * io.btmanager.core.spi.StoreCapabilities#filtersQueries() filters queries}, else the core's
   * evaluator over {@link TaskStore#tasksOf}. For the areas that list to check something else; the
   * query area itself runs only on stores that filter.
   */
  private StorePage listing(String owner, TaskQuery query) {
    return store.capabilities().filtersQueries()
        ? store.query(owner, query)
        : QueryEvaluator.page(store.tasksOf(owner), query, store::executions);
  }

  @BeforeEach
  protected final void openStore() {
    store = Objects.requireNonNull(createStore(), "createStore() returned null");
  }

  @AfterEach
  protected final void closeStore() {
    TaskStore s = store;
    store = null;
    if (s != null) {
      releaseStore(s);
    }
    reopened.forEach(TaskStore::close);
    reopened.clear();
  }

  // ================================================================== rule 2: submit and read

  @Nested
  class Submit {

    @Test
    void insertsEveryFieldWithAttemptZeroAndNoProgress() {
      Configuration config = configuration("alice");
      store.insertConfiguration(config);
      ScheduleEntry entry = scheduleEntry("alice", null, store.now(), true);
      store.insertScheduleEntry(entry);
      URI link = URI.create("https://example.com/photos/42");
      NewTask t = task()
          .name("Resize photo")
          .description("to 640 px")
          .priority(Priority.HIGH)
          .owner("alice")
          .link(link)
          .maxAttempts(5)
          .configuration(config.id())
          .scheduleEntry(entry.id())
          .build();

      SubmitResult result = store.submit(t);

      assertThat(result.joined()).isFalse();
      StoredTask s = result.task();
      assertThat(s.id()).isEqualTo(t.id());
      assertThat(s.type()).isEqualTo(TYPE);
      assertThat(s.name()).isEqualTo("Resize photo");
      assertThat(s.description()).isEqualTo("to 640 px");
      assertThat(s.argumentsJson()).isEqualTo(t.argumentsJson());
      assertThat(s.dedupKey()).isEqualTo(t.dedupKey());
      assertThat(s.state()).isEqualTo(TaskState.PENDING);
      assertThat(s.priority()).isEqualTo(Priority.HIGH);
      assertThat(s.owners()).containsExactly("alice");
      assertThat(s.link()).isEqualTo(link);
      assertThat(s.progress()).isEqualTo(Progress.NONE);
      assertThat(s.createdAt()).isEqualTo(t.createdAt());
      assertThat(s.startedAt()).isNull();
      assertThat(s.finishedAt()).isNull();
      assertThat(s.resultJson()).isNull();
      assertThat(s.error()).isNull();
      assertThat(s.attempt()).isZero();
      assertThat(s.maxAttempts()).isEqualTo(5);
      assertThat(s.nextAttemptAt()).isNull();
      assertThat(s.configurationId()).isEqualTo(config.id());
      assertThat(s.scheduleEntryId()).isEqualTo(entry.id());
      assertThat(s.leaseOwner()).isNull();
      assertThat(s.leaseToken()).isNull();
      assertThat(s.leaseExpiresAt()).isNull();
      assertThat(s.cancelRequested()).isFalse();
      assertThat(store.find(t.id())).contains(s);
    }

    @Test
    void keepsTheStartTimeOfAScheduledTask() {
      Instant later = store.now().plus(1, ChronoUnit.HOURS);
      NewTask t = task().scheduledAt(later).build();

      StoredTask s = store.submit(t).task();

      assertThat(s.state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(s.nextAttemptAt()).isEqualTo(later);
      assertThat(reload(t.id())).isEqualTo(s);
    }

    @Test
    void seqIncreasesWithEverySubmit() {
      List<Long> seqs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        seqs.add(submit(task()).seq());
      }
      assertThat(seqs).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    }

    @Test
    void submitAllSubmitsEachInOrder() {
      NewTask a = task().build();
      NewTask b = task().build();
      NewTask aAgain = duplicateOf(a, "bob");

      List<SubmitResult> results = store.submitAll(List.of(a, b, aAgain));

      assertThat(results).extracting(r -> r.task().id()).containsExactly(a.id(), b.id(), a.id());
      assertThat(results).extracting(SubmitResult::joined).containsExactly(false, false, true);
      assertThat(results.get(0).task().seq()).isLessThan(results.get(1).task().seq());
      assertThat(reload(a.id()).owners()).containsExactlyInAnyOrder("alice", "bob");
      assertThat(listing(null, TaskQuery.all()).total()).isEqualTo(2);
    }

    @Test
    void seqsFollowTheBatchsOrderWhateverItsKeys() {
      List<NewTask> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) { // keys sort the other way round from the batch
        batch.add(task().dedupKey(String.format("key-%02d", 20 - i)).build());
      }

      List<SubmitResult> results = store.submitAll(batch);

      assertThat(results)
          .extracting(r -> r.task().id())
          .containsExactlyElementsOf(batch.stream().map(NewTask::id).toList());
      assertThat(results)
          .extracting(r -> r.task().seq())
          .isSortedAccordingTo(Long::compare)
          .doesNotHaveDuplicates();
      assertThat(store.claim(new ClaimRequest("node-a", 20, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
          .extracting(StoredTask::id)
          .containsExactlyElementsOf(batch.stream().map(NewTask::id).toList());
    }

    @Test
    void findOfAMissingIdIsEmpty() {
      assertThat(store.find(newId())).isEmpty();
      assertThat(store.executions(newId())).isEmpty();
    }

    // ---------------------------------------------- whole microseconds (issue 15)

    @Test
    void instantsAreKeptToTheWholeMicrosecondOnEveryStore() {
      Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
      Instant created = t0.plusNanos(123_456_789);
      Instant due = t0.minusSeconds(1).plusNanos(999_999_999);
      Instant finished = store.now().plusNanos(987);
      NewTask n = task().createdAt(created).scheduledAt(due).build();
      submit(n);

      StoredTask read = reload(n.id());
      assertThat(read.createdAt()).isEqualTo(t0.plusNanos(123_456_000));
      assertThat(read.nextAttemptAt()).isEqualTo(t0.minusSeconds(1).plusNanos(999_999_000));
      StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
      assertThat(claimed.startedAt().getNano() % 1_000).as("a claim's start").isZero();
      assertThat(complete(succeeded(claimed, "\"done\"", finished))).isTrue();

      Instant kept = finished.truncatedTo(ChronoUnit.MICROS);
      assertThat(reload(n.id()).finishedAt()).isEqualTo(kept);
      assertThat(store.executions(n.id()))
          .singleElement()
          .satisfies(e -> assertThat(e.finishedAt()).isEqualTo(kept));
      Configuration c = configuration("alice", created);
      store.insertConfiguration(c);
      assertThat(store.findConfiguration(c.id()).orElseThrow().createdAt())
          .isEqualTo(t0.plusNanos(123_456_000));
      assertThat(store.now().getNano() % 1_000).as("the store's now").isZero();
    }
  }

  // ================================================================== rule 2: deduplication

  @Nested
  class Deduplication {

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

  @Nested
  class ConcurrentBatches {

    @Test
    void eightBatchesOfTheSameKeysInDifferentOrdersMakeOneTaskPerKeyWithEightOwners() {
      List<NewTask> keys = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        keys.add(task().build());
      }
      int n = 8;

      List<List<SubmitResult>> results = race(n, i -> {
        List<NewTask> batch = new ArrayList<>();
        for (NewTask k : keys) {
          batch.add(duplicateOf(k, "user-" + i));
        }
        Collections.shuffle(batch, new Random(i)); // no two batches take the keys in one order
        if (i % 2 == 1) {
          Collections.reverse(batch);
        }
        return store.submitAll(batch);
      });

      List<StoredTask> all = listing(null, TaskQuery.all().page(0, 500)).tasks();
      assertThat(all).hasSize(keys.size());
      Set<String> everyone =
          IntStream.range(0, n).mapToObj(i -> "user-" + i).collect(Collectors.toSet());
      assertThat(all).allSatisfy(t -> assertThat(t.owners()).isEqualTo(everyone));
      Map<String, String> idByKey =
          all.stream().collect(Collectors.toMap(StoredTask::dedupKey, StoredTask::id));
      for (List<SubmitResult> batch : results) {
        assertThat(batch)
            .hasSize(keys.size())
            .allSatisfy(
                r -> assertThat(r.task().id()).isEqualTo(idByKey.get(r.task().dedupKey())));
      }
      assertThat(results.stream().flatMap(List::stream).filter(r -> !r.joined()))
          .hasSize(keys.size());
    }
  }

  // ================================================================== replace (compare-and-set)

  @Nested
  class NamedChanges {

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

      assertThat(
              store.editDetails(new DetailsEdit(t.id(), t.version(), "x", "", null, Priority.LOW)))
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

  // ================================================================== delete (compare-and-set)

  @Nested
  class Delete {

    @Test
    void removesTheTaskAndItsExecutions() {
      NewTask n = task().build();
      submit(n);
      StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
      assertThat(complete(retry(claimed, store.now().plus(1, ChronoUnit.HOURS))))
          .isTrue();
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

  // ================================================================== claim

  @Nested
  class Claim {

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

  // ================================================================== leases and fencing

  @Nested
  class Leases {

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
      assertThat(store.saveProgress(newId(), "any-token", new Progress(1, 2, "")))
          .isFalse();
      assertThat(reload(pending.id())).isEqualTo(pending);
    }
  }

  // ================================================================== complete

  @Nested
  class Complete {

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

  // ================================================================== a worker's turn

  @Nested
  class CompleteAndClaim {

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
          List.of(retry, done),
          new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(TYPE, OTHER_TYPE)));

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
      assertThat(store.submit(duplicateOf(finished, "bob")).task().id())
          .isNotEqualTo(finished.id());
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

  // ================================================================== rule 6: queue position

  @Nested
  class QueuePosition {

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
      String dueHigh = submit(task().priority(Priority.HIGH).scheduledAt(now.minusSeconds(1)))
          .id();
      String pending = submit(task()).id();

      assertThat(store.queuePosition(dueHigh)).hasValue(0);
      assertThat(store.queuePosition(due)).hasValue(1);
      assertThat(store.queuePosition(pending)).hasValue(2);
      assertThat(store.queuePosition(notDue)).isEmpty();
      assertThat(store.queuePosition(notDueHigh)).isEmpty();
    }
  }

  // ================================================================== rules 1 and 5: query

  @Nested
  class Query {

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
      String scheduledA = submit(
              task().type(TYPE).scheduledAt(store.now().plus(1, ChronoUnit.DAYS)))
          .id();

      assertThat(idsOf(store.query("alice", ascending().type(TYPE))))
          .containsExactly(finishedA.id(), pendingA, scheduledA);
      assertThat(idsOf(store.query("alice", ascending().type(OTHER_TYPE))))
          .containsExactly(pendingB);
      assertThat(idsOf(store.query("alice", ascending().type(TYPE, OTHER_TYPE))))
          .containsExactly(finishedA.id(), pendingA, pendingB, scheduledA);
      assertThat(idsOf(store.query("alice", ascending().state(TaskState.PENDING))))
          .containsExactly(pendingA, pendingB);
      assertThat(idsOf(store.query("alice", ascending().active())))
          .containsExactly(pendingA, pendingB, scheduledA);
      assertThat(idsOf(store.query("alice", ascending().finished())))
          .containsExactly(finishedA.id());
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

      assertThat(idsOf(store.query(
              "alice", ascending().createdBetween(t0.plusSeconds(1), t0.plusSeconds(2)))))
          .containsExactly(second);
      assertThat(idsOf(store.query("alice", ascending().createdBetween(null, t0.plusSeconds(1)))))
          .containsExactly(first);
      assertThat(idsOf(store.query("alice", ascending().createdBetween(t0.plusSeconds(1), null))))
          .containsExactly(second, third);
      assertThat(idsOf(store.query("alice", ascending().createdBetween(t0, t0))))
          .isEmpty();
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

      StorePage firstPage =
          store.query("alice", ascending().collapseDuplicates().page(0, 2));
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
      assertThat(idsOf(store.query(
              "alice", ascending().ranBetween(running.startedAt(), second.startedAt()))))
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

    /** Claims the one runnable task of {@code type} once the store's clock has passed {@code after}. */
    private StoredTask claimOf(String type, String id, Instant after) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(1))
          .until(() -> store.now().isAfter(after));
      List<StoredTask> claimed =
          store.claim(new ClaimRequest("node-a", 1, LONG_LEASE, Set.of(type)));
      assertThat(claimed).extracting(StoredTask::id).as("claimed").containsExactly(id);
      return claimed.get(0);
    }
  }

  // ================================================================== retention

  @Nested
  class Retention {

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

  // ================================================================== rule 10: configurations

  @Nested
  class Configurations {

    @Test
    void insertFindAndUpdate() {
      Configuration c = configuration("alice");
      store.insertConfiguration(c);
      assertThat(store.findConfiguration(c.id())).contains(c);

      Configuration changed = new Configuration(
          c.id(),
          c.owner(),
          "renamed",
          c.type(),
          "{\"width\":1024}",
          c.createdAt(),
          c.updatedAt().plusSeconds(5));
      assertThat(store.updateConfiguration(changed)).isTrue();

      Configuration found = store.findConfiguration(c.id()).orElseThrow();
      assertThat(found.name()).isEqualTo("renamed");
      assertThat(found.argumentsJson()).isEqualTo("{\"width\":1024}");
      assertThat(found.owner()).isEqualTo("alice");
    }

    @Test
    void updateOrFindOfAMissingConfigurationFindsNothing() {
      Configuration ghost = configuration("alice");
      assertThat(store.updateConfiguration(ghost)).isFalse();
      assertThat(store.findConfiguration(ghost.id())).isEmpty();
    }

    @Test
    void listsAnOwnersConfigurationsOldestFirst() {
      Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
      Configuration a1 = configuration("alice", t0);
      Configuration b1 = configuration("bob", t0.plusSeconds(1));
      Configuration a2 = configuration("alice", t0.plusSeconds(2));
      store.insertConfiguration(a1);
      store.insertConfiguration(b1);
      store.insertConfiguration(a2);

      assertThat(store.configurations("alice")).containsExactly(a1, a2);
      assertThat(store.configurations("bob")).containsExactly(b1);
      assertThat(store.configurations("carol")).isEmpty();
    }

    @Test
    void anUnusedConfigurationIsDeletedOnce() {
      Configuration c = configuration("alice");
      store.insertConfiguration(c);

      assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.DELETED);
      assertThat(store.findConfiguration(c.id())).isEmpty();
      assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.NOT_FOUND);
      assertThat(store.deleteConfiguration(newId())).isEqualTo(ConfigurationDeletion.NOT_FOUND);
    }

    @Test
    void isInUseWhileAnActiveTaskRefersToItAndDeletableOnceItFinished() {
      Configuration c = configuration("alice");
      store.insertConfiguration(c);
      NewTask n = task().configuration(c.id()).build();
      submit(n);
      assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.IN_USE);
      StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
      assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.IN_USE);
      assertThat(complete(retry(claimed, store.now().plus(1, ChronoUnit.HOURS))))
          .isTrue();
      assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.IN_USE);
      assertThat(store.findConfiguration(c.id())).contains(c);

      cancelWaiting(reload(n.id()));

      assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.DELETED);
      assertThat(store.findConfiguration(c.id())).isEmpty();
      assertThat(reload(n.id()).configurationId()).isEqualTo(c.id());
    }

    @Test
    void isInUseWhileAScheduleEntryRefersToIt() {
      Configuration c = configuration("alice");
      store.insertConfiguration(c);
      ScheduleEntry e = scheduleEntry("alice", c.id(), store.now(), true);
      store.insertScheduleEntry(e);

      assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.IN_USE);
      assertThat(store.findConfiguration(c.id())).contains(c);

      assertThat(store.deleteScheduleEntry(e.id())).isTrue();
      assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.DELETED);
    }

    @Test
    void anEntryMovedToAnotherConfigurationReleasesTheFirst() {
      Configuration c1 = configuration("alice");
      Configuration c2 = configuration("alice");
      store.insertConfiguration(c1);
      store.insertConfiguration(c2);
      ScheduleEntry e = scheduleEntry("alice", c1.id(), store.now(), true);
      store.insertScheduleEntry(e);

      assertThat(store.updateScheduleEntry(withConfiguration(e, c2.id()))).isTrue();

      assertThat(store.deleteConfiguration(c1.id())).isEqualTo(ConfigurationDeletion.DELETED);
      assertThat(store.deleteConfiguration(c2.id())).isEqualTo(ConfigurationDeletion.IN_USE);
    }

    @Test
    void submitNamingAMissingConfigurationThrowsAndWritesNothing() {
      NewTask n = task().configuration(newId()).build();

      assertThatThrownBy(() -> store.submit(n)).isInstanceOf(ConfigurationNotFoundException.class);

      assertThat(store.find(n.id())).isEmpty();
      assertThat(listing(null, TaskQuery.all()).total()).isZero();
      assertThat(store.claim(new ClaimRequest("node-a", 10, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
          .isEmpty();
      NewTask plain = new NewTask(
          newId(),
          n.type(),
          n.name(),
          n.description(),
          n.argumentsJson(),
          n.dedupKey(),
          n.priority(),
          n.owner(),
          n.link(),
          n.state(),
          n.nextAttemptAt(),
          n.maxAttempts(),
          null,
          null,
          n.createdAt());
      assertThat(store.submit(plain).joined()).isFalse();
    }

    @Test
    void scheduleEntriesNamingAMissingConfigurationAreRefused() {
      ScheduleEntry orphan = scheduleEntry("alice", newId(), store.now(), true);
      assertThatThrownBy(() -> store.insertScheduleEntry(orphan))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThat(store.findScheduleEntry(orphan.id())).isEmpty();

      ScheduleEntry e = scheduleEntry("alice", null, store.now(), true);
      store.insertScheduleEntry(e);
      assertThatThrownBy(() -> store.updateScheduleEntry(withConfiguration(e, newId())))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThat(store.findScheduleEntry(e.id())).contains(e);
    }

    @Test
    void deleteRacingASubmitNeverLeavesATaskOnADeletedConfiguration() {
      for (int round = 0; round < 30; round++) {
        Configuration c = configuration("alice");
        store.insertConfiguration(c);
        NewTask n = task().configuration(c.id()).build();

        List<Object> outcomes = race(2, i -> {
          if (i == 0) {
            try {
              return store.submit(n);
            } catch (ConfigurationNotFoundException e) {
              return e;
            }
          }
          return store.deleteConfiguration(c.id());
        });

        boolean submitted = outcomes.get(0) instanceof SubmitResult;
        assertThat(outcomes.get(1))
            .isEqualTo(submitted ? ConfigurationDeletion.IN_USE : ConfigurationDeletion.DELETED);
        assertThat(store.findConfiguration(c.id()).isPresent()).isEqualTo(submitted);
        assertThat(store.find(n.id()).isPresent()).isEqualTo(submitted);
      }
    }
  }

  // ================================================================== schedule entries

  @Nested
  class ScheduleEntries {

    @Test
    void insertFindUpdateAndDelete() {
      ScheduleEntry e = scheduleEntry("alice", null, store.now(), true);
      store.insertScheduleEntry(e);
      assertThat(store.findScheduleEntry(e.id())).contains(e);

      ScheduleEntry changed = new ScheduleEntry(
          e.id(),
          e.owner(),
          "nightly",
          e.type(),
          null,
          "{\"all\":true}",
          Priority.HIGH,
          Schedule.cron("0 3 * * *", ZoneId.of("Europe/Paris")),
          MissedFirePolicy.SKIP,
          false,
          e.nextFireAt().plusSeconds(60),
          e.nextFireAt(),
          e.createdAt());
      assertThat(store.updateScheduleEntry(changed)).isTrue();
      assertThat(store.findScheduleEntry(e.id())).contains(changed);

      assertThat(store.deleteScheduleEntry(e.id())).isTrue();
      assertThat(store.findScheduleEntry(e.id())).isEmpty();
      assertThat(store.deleteScheduleEntry(e.id())).isFalse();
    }

    @Test
    void updateOfAMissingEntryFindsNothing() {
      ScheduleEntry ghost = scheduleEntry("alice", null, store.now(), true);
      assertThat(store.updateScheduleEntry(ghost)).isFalse();
      assertThat(store.findScheduleEntry(ghost.id())).isEmpty();
    }

    @Test
    void listsByOwnerOldestFirst() {
      Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
      ScheduleEntry a1 = scheduleEntry("alice", null, t0, true, t0);
      ScheduleEntry b1 = scheduleEntry("bob", null, t0, true, t0.plusSeconds(1));
      ScheduleEntry a2 = scheduleEntry("alice", null, t0, true, t0.plusSeconds(2));
      store.insertScheduleEntry(a1);
      store.insertScheduleEntry(b1);
      store.insertScheduleEntry(a2);

      assertThat(store.scheduleEntries("alice")).containsExactly(a1, a2);
      assertThat(store.scheduleEntries("bob")).containsExactly(b1);
      assertThat(store.scheduleEntries("carol")).isEmpty();
      assertThat(store.scheduleEntries(null)).containsExactly(a1, b1, a2);
    }

    @Test
    void onlyEnabledEntriesThatAreDueAreDue() {
      Instant now = store.now().truncatedTo(ChronoUnit.SECONDS);
      ScheduleEntry past = scheduleEntry("alice", null, now.minusSeconds(60), true);
      ScheduleEntry exactlyNow = scheduleEntry("alice", null, now, true);
      ScheduleEntry future = scheduleEntry("alice", null, now.plusSeconds(60), true);
      ScheduleEntry disabled = scheduleEntry("alice", null, now.minusSeconds(60), false);
      for (ScheduleEntry e : List.of(past, exactlyNow, future, disabled)) {
        store.insertScheduleEntry(e);
      }

      assertThat(store.dueScheduleEntries(now, Set.of(TYPE, OTHER_TYPE), 10))
          .extracting(ScheduleEntry::id)
          .containsExactlyInAnyOrder(past.id(), exactlyNow.id());
      assertThat(store.dueScheduleEntries(now, Set.of(TYPE, OTHER_TYPE), 1)).hasSize(1);
      assertThat(store.dueScheduleEntries(now.minusSeconds(61), Set.of(TYPE, OTHER_TYPE), 10))
          .isEmpty();
    }

    @Test
    void advanceIsACompareAndSetOfTheNextFireTime() {
      Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
      ScheduleEntry e = scheduleEntry("alice", null, t0, true);
      store.insertScheduleEntry(e);
      Instant firedAt = t0.plusMillis(3);

      assertThat(store
              .fireOccurrence(new Occurrence(e.id(), t0, t0.plusSeconds(60), firedAt, null))
              .fired())
          .isTrue();
      ScheduleEntry advanced = store.findScheduleEntry(e.id()).orElseThrow();
      assertThat(advanced.nextFireAt()).isEqualTo(t0.plusSeconds(60));
      assertThat(advanced.lastFiredAt()).isEqualTo(firedAt);

      assertThat(store
              .fireOccurrence(new Occurrence(e.id(), t0, t0.plusSeconds(120), firedAt, null))
              .fired())
          .isFalse();
      assertThat(store.findScheduleEntry(e.id())).contains(advanced);
      assertThat(store
              .fireOccurrence(new Occurrence(newId(), t0, t0.plusSeconds(60), firedAt, null))
              .fired())
          .isFalse();
    }

    @Test
    void ofEightNodesAdvancingOneOccurrenceExactlyOneWins() {
      Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
      ScheduleEntry e = scheduleEntry("alice", null, t0, true);
      store.insertScheduleEntry(e);

      List<Boolean> wins = race(
          8,
          i -> store
              .fireOccurrence(
                  new Occurrence(e.id(), t0, t0.plusSeconds(60 + i), t0.plusMillis(i), null))
              .fired());

      assertThat(wins).filteredOn(w -> w).hasSize(1);
      int winner = wins.indexOf(true);
      ScheduleEntry after = store.findScheduleEntry(e.id()).orElseThrow();
      assertThat(after.nextFireAt()).isEqualTo(t0.plusSeconds(60 + winner));
      assertThat(after.lastFiredAt()).isEqualTo(t0.plusMillis(winner));
    }

    @Test
    void firingAnOccurrenceSubmitsItsTaskWithTheAdvanceAndOnlyOnceAcrossNodes() {
      Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
      ScheduleEntry e = scheduleEntry("alice", null, t0, true);
      store.insertScheduleEntry(e);
      String args = "{\"tick\":1}";

      List<OccurrenceFired> results = race(
          8,
          i -> store.fireOccurrence(new Occurrence(
              e.id(),
              t0,
              t0.plusSeconds(60),
              t0,
              task().arguments(args).dedupKey("tick").scheduleEntry(e.id()).build())));

      assertThat(results).filteredOn(OccurrenceFired::fired).hasSize(1);
      OccurrenceFired won =
          results.stream().filter(OccurrenceFired::fired).findFirst().get();
      assertThat(won.submitted().joined()).isFalse();
      assertThat(results).filteredOn(r -> !r.fired()).allMatch(r -> r.submitted() == null);
      assertThat(listing("alice", TaskQuery.mine()).tasks())
          .extracting(StoredTask::id)
          .containsExactly(won.submitted().task().id());
      assertThat(won.submitted().task().scheduleEntryId()).isEqualTo(e.id());
    }

    @Test
    void anOccurrenceWhoseTaskCannotBeSubmittedLeavesTheEntryDue() {
      Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
      ScheduleEntry e = scheduleEntry("alice", null, t0, true);
      store.insertScheduleEntry(e);
      String missing = newId();

      assertThatThrownBy(() -> store.fireOccurrence(new Occurrence(
              e.id(), t0, t0.plusSeconds(60), t0, task().configuration(missing).build())))
          .isInstanceOf(ConfigurationNotFoundException.class);

      assertThat(store.findScheduleEntry(e.id())).contains(e);
      assertThat(store.dueScheduleEntries(t0, Set.of(TYPE, OTHER_TYPE), 10))
          .extracting(ScheduleEntry::id)
          .containsExactly(e.id());
      assertThat(listing("alice", TaskQuery.mine()).tasks()).isEmpty();
    }
  }

  // ================================================================== durability on reopen

  /** What a store that survives a restart keeps: everything, exactly as it was written. */
  @Nested
  class DurabilityOnReopen {

    @BeforeEach
    void onlyForStoresThatSurviveARestart() {
      assumeTrue(store.capabilities().survivesRestart(), "the store does not survive a restart");
    }

    @Test
    void tasksExecutionsConfigurationsAndEntriesAreThereAfterAReopen() {
      Configuration c = configuration("alice");
      store.insertConfiguration(c);
      ScheduleEntry e = scheduleEntry("alice", c.id(), store.now().plusSeconds(60), true);
      store.insertScheduleEntry(e);
      StoredTask waiting =
          submit(task().configuration(c.id()).scheduledAt(store.now().plus(1, ChronoUnit.HOURS)));
      StoredTask done =
          runToEnd(task().build(), TaskState.SUCCEEDED, store.now().truncatedTo(ChronoUnit.MILLIS));
      NewTask r = task().build();
      submit(r);
      StoredTask running = claimExactly(r.id(), "node-a", LONG_LEASE);
      List<Execution> executions = store.executions(done.id());

      store.close();
      TaskStore again = reopen(store);
      reopened.add(again);

      assertThat(again.find(waiting.id()).orElseThrow()).isEqualTo(waiting);
      assertThat(again.find(done.id()).orElseThrow()).isEqualTo(done);
      assertThat(again.find(running.id()).orElseThrow()).isEqualTo(running);
      assertThat(again.executions(done.id())).isEqualTo(executions);
      assertThat(again.findConfiguration(c.id())).contains(c);
      assertThat(again.findScheduleEntry(e.id())).contains(e);
      assertThat(again.extendLeases(Map.of(running.id(), running.leaseToken()), LONG_LEASE))
          .containsExactly(Map.entry(running.id(), LeaseStatus.KEPT));
    }
  }

  // ================================================================== change feed

  /** The optional change feed, for stores that declare it. */
  @Nested
  class ChangeFeed {

    @BeforeEach
    void onlyForStoresWithAChangeFeed() {
      assumeTrue(store.capabilities().changeFeed(), "the store has no change feed");
    }

    @Test
    void anotherNodesChangesArriveInTheOrderTheyWereAnnounced() throws Exception {
      List<TaskChange> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (AutoCloseable listening = store.listen("node-b", heard::add)) {
        List<TaskChange> sent = List.of(
            new TaskChange("node-a", newId(), TaskEventKind.CREATED, null),
            new TaskChange("node-a", newId(), TaskEventKind.JOINED, "bob"),
            new TaskChange("node-a", newId(), TaskEventKind.SUCCEEDED, null));
        awaitDelivery(heard, sent);
        assertThat(heard).containsSubsequence(sent);
      }
    }

    @Test
    void nothingArrivesOnceTheListenerIsClosed() throws Exception {
      List<TaskChange> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      AutoCloseable listening = store.listen("node-b", heard::add);
      TaskChange first = new TaskChange("node-a", newId(), TaskEventKind.CREATED, null);
      awaitDelivery(heard, List.of(first));
      listening.close();
      List<TaskChange> control = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (AutoCloseable other = store.listen("node-c", control::add)) {
        TaskChange late = new TaskChange("node-a", newId(), TaskEventKind.DELETED, null);
        awaitDelivery(control, List.of(late));
        assertThat(heard).doesNotContain(late);
      }
    }

    /** Announces {@code changes} again until the listener heard them (a LISTEN may start late). */
    private void awaitDelivery(List<TaskChange> heard, List<TaskChange> changes) {
      await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
        if (!heard.containsAll(changes)) {
          store.announce(changes);
        }
        return heard.containsAll(changes);
      });
    }
  }

  // ================================================================== helpers

  /** A new pending task of alice's, created now, with unique arguments and dedup key. */
  private TaskSpec task() {
    return new TaskSpec(store.now());
  }

  private StoredTask submit(NewTask t) {
    return store.submit(t).task();
  }

  private StoredTask submit(TaskSpec spec) {
    return submit(spec.build());
  }

  private boolean deleteAsRead(StoredTask t) {
    return store.delete(t.id(), t.version());
  }

  private StoredTask reload(String id) {
    Optional<StoredTask> t = store.find(id);
    assertThat(t).as("task %s", id).isPresent();
    return t.get();
  }

  private static List<String> ids(List<StoredTask> tasks) {
    return tasks.stream().map(StoredTask::id).collect(Collectors.toList());
  }

  private static List<String> idsOf(StorePage page) {
    return ids(page.tasks());
  }

  private static TaskQuery ascending() {
    return TaskQuery.mine().sortBy(TaskSort.CREATED_AT, false);
  }

  /** Claims one task and checks that it is the expected one. */
  private StoredTask claimExactly(String id, String node, Duration lease) {
    List<StoredTask> claimed =
        store.claim(new ClaimRequest(node, 1, lease, Set.of(TYPE, OTHER_TYPE)));
    assertThat(claimed).extracting(StoredTask::id).as("claimed").containsExactly(id);
    return claimed.get(0);
  }

  private boolean complete(Completion c) {
    List<Boolean> applied = store.complete(List.of(c));
    assertThat(applied).hasSize(1);
    return applied.get(0);
  }

  /** Submits, claims and ends the task; no other task may be runnable meanwhile. */
  private StoredTask runToEnd(NewTask t, TaskState end, Instant finishedAt) {
    submit(t);
    StoredTask claimed = claimExactly(t.id(), "node-a", LONG_LEASE);
    Completion c;
    switch (end) {
      case SUCCEEDED:
        c = succeeded(claimed, "\"done\"", finishedAt);
        break;
      case FAILED:
        c = failed(claimed, IO_ERROR, finishedAt);
        break;
      case CANCELLED:
        c = cancelled(claimed, finishedAt);
        break;
      default:
        throw new IllegalArgumentException("not an end: " + end);
    }
    assertThat(complete(c)).isTrue();
    return reload(t.id());
  }

  /** What the core does when the owner stops a waiting task. */
  private StoredTask cancelWaiting(StoredTask t) {
    assertThat(store.cancelWaiting(t.id(), t.version(), CANCELLED_ERROR)).isTrue();
    return reload(t.id());
  }

  private StoredTask awaitExpired(String id) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> ids(store.expiredLeases(100)).contains(id));
    return store.expiredLeases(100).stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private Execution execution(
      StoredTask claimed,
      ExecutionOutcome outcome,
      Instant finishedAt,
      String resultJson,
      TaskError error) {
    return new Execution(
        claimed.id(),
        claimed.attempt(),
        claimed.configurationId(),
        claimed.leaseOwner(),
        claimed.startedAt(),
        finishedAt,
        outcome,
        resultJson,
        error);
  }

  private Execution execution(String taskId, int attempt, String node, ExecutionOutcome outcome) {
    Instant now = store.now();
    return new Execution(taskId, attempt, null, node, now, now, outcome, null, null);
  }

  private Completion succeeded(StoredTask claimed, String resultJson, Instant finishedAt) {
    return new Completion(
        claimed.id(),
        claimed.leaseToken(),
        TaskState.SUCCEEDED,
        claimed.attempt(),
        new Progress(1, 1, "done"),
        resultJson,
        null,
        finishedAt,
        null,
        execution(claimed, ExecutionOutcome.SUCCEEDED, finishedAt, resultJson, null));
  }

  private Completion failed(StoredTask claimed, TaskError error, Instant finishedAt) {
    return new Completion(
        claimed.id(),
        claimed.leaseToken(),
        TaskState.FAILED,
        claimed.attempt(),
        new Progress(1, 4, "failed"),
        null,
        error,
        finishedAt,
        null,
        execution(claimed, ExecutionOutcome.FAILED, finishedAt, null, error));
  }

  private Completion cancelled(StoredTask claimed, Instant finishedAt) {
    return new Completion(
        claimed.id(),
        claimed.leaseToken(),
        TaskState.CANCELLED,
        claimed.attempt(),
        new Progress(2, 4, "stopped"),
        null,
        CANCELLED_ERROR,
        finishedAt,
        null,
        execution(claimed, ExecutionOutcome.CANCELLED, finishedAt, null, CANCELLED_ERROR));
  }

  private Completion retry(StoredTask claimed, Instant nextAttemptAt) {
    Instant now = store.now();
    return new Completion(
        claimed.id(),
        claimed.leaseToken(),
        TaskState.SCHEDULED,
        claimed.attempt(),
        new Progress(1, 4, "failed, retrying"),
        null,
        IO_ERROR,
        null,
        nextAttemptAt,
        execution(claimed, ExecutionOutcome.FAILED, now, null, IO_ERROR));
  }

  private Completion released(StoredTask claimed) {
    return new Completion(
        claimed.id(),
        claimed.leaseToken(),
        TaskState.PENDING,
        claimed.attempt() - 1,
        Progress.NONE,
        null,
        null,
        null,
        null,
        execution(claimed, ExecutionOutcome.RELEASED, store.now(), null, null));
  }

  private static NewTask withCreatedAt(NewTask t, Instant createdAt) {
    return new NewTask(
        t.id(),
        t.type(),
        t.name(),
        t.description(),
        t.argumentsJson(),
        t.dedupKey(),
        t.priority(),
        t.owner(),
        t.link(),
        t.state(),
        t.nextAttemptAt(),
        t.maxAttempts(),
        t.configurationId(),
        t.scheduleEntryId(),
        createdAt);
  }

  private Configuration configuration(String owner) {
    return configuration(owner, store.now());
  }

  private static Configuration configuration(String owner, Instant createdAt) {
    return new Configuration(
        newId(), owner, "photos 640", TYPE, "{\"width\":640}", createdAt, createdAt);
  }

  private ScheduleEntry scheduleEntry(
      String owner, String configurationId, Instant nextFireAt, boolean enabled) {
    return scheduleEntry(owner, configurationId, nextFireAt, enabled, store.now());
  }

  private static ScheduleEntry scheduleEntry(
      String owner,
      String configurationId,
      Instant nextFireAt,
      boolean enabled,
      Instant createdAt) {
    return new ScheduleEntry(
        newId(),
        owner,
        "every minute",
        TYPE,
        configurationId,
        "{\"width\":640}",
        Priority.MEDIUM,
        Schedule.everySeconds(60),
        MissedFirePolicy.FIRE_ONCE,
        enabled,
        nextFireAt,
        null,
        createdAt);
  }

  private static ScheduleEntry withConfiguration(ScheduleEntry e, String configurationId) {
    return new ScheduleEntry(
        e.id(),
        e.owner(),
        e.name(),
        e.type(),
        configurationId,
        e.argumentsJson(),
        e.priority(),
        e.schedule(),
        e.missedFirePolicy(),
        e.enabled(),
        e.nextFireAt(),
        e.lastFiredAt(),
        e.createdAt());
  }
}
