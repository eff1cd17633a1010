package io.btmanager.core.memory;

import static io.btmanager.core.memory.NewTasks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.StoreCapabilities;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemoryTaskStoreTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryTaskStore store = InMemoryTaskStore.create(clock);

  private StoredTask submit(String key, Priority priority) {
    return store.submit(NewTasks.pending(key, "alice", priority)).task();
  }

  private Completion completion(StoredTask running, TaskState state, Instant nextAttemptAt) {
    Instant now = store.now();
    return new Completion(
        running.id(),
        running.leaseToken(),
        state,
        state == TaskState.PENDING ? running.attempt() - 1 : running.attempt(),
        new Progress(1, 1, "done"),
        state == TaskState.SUCCEEDED ? "{\"ok\":1}" : null,
        null,
        state.isFinished() ? now : null,
        nextAttemptAt,
        new Execution(
            running.id(),
            running.attempt(),
            null,
            running.leaseOwner(),
            running.startedAt(),
            now,
            ExecutionOutcome.SUCCEEDED,
            null,
            null));
  }

  @Test
  void isAnInProcessStoreOnItsClock() {
    assertThat(store.capabilities()).isEqualTo(StoreCapabilities.IN_PROCESS);
    assertThat(store.now()).isEqualTo(T0);
  }

  @Nested
  class SubmitAndJoin {
    @Test
    void insertsANewTaskWithFreshBookkeeping() {
      StoredTask a = submit("a", Priority.LOW);
      StoredTask b = submit("b", Priority.LOW);
      assertThat(b.seq()).isGreaterThan(a.seq());
      assertThat(a.attempt()).isZero();
      assertThat(a.progress()).isEqualTo(Progress.NONE);
      assertThat(a.owners()).containsExactly("alice");
      assertThat(store.find(a.id())).contains(a);
    }

    @Test
    void joinsAnActiveDuplicateOnceAndANewRunAfterItFinished() {
      StoredTask first = submit("k", Priority.LOW);
      assertThat(store.submit(NewTasks.pending("k", "alice", Priority.LOW)).joined())
          .isTrue();
      assertThat(store.find(first.id()).orElseThrow().version()).isEqualTo(first.version());
      var bob = store.submit(NewTasks.pending("k", "bob", Priority.LOW));
      assertThat(bob.joined()).isTrue();
      assertThat(bob.task().owners()).containsExactlyInAnyOrder("alice", "bob");

      StoredTask running =
          store.claim(new ClaimRequest("n", 1, LEASE, Set.of("resize"))).get(0);
      store.complete(List.of(completion(running, TaskState.SUCCEEDED, null)));
      var again = store.submit(NewTasks.pending("k", "carol", Priority.LOW));
      assertThat(again.joined()).isFalse();
      assertThat(again.task().id()).isNotEqualTo(first.id());
    }

    @Test
    void aMissingConfigurationWritesNothing() {
      assertThatThrownBy(() -> store.submit(NewTasks.withConfiguration("k", "nope")))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThat(store.query(null, TaskQuery.all()).total()).isZero();
      assertThat(store.submit(NewTasks.pending("k")).joined()).isFalse();
    }
  }

  @Nested
  class QueueAndClaim {
    @Test
    void positionsCountHigherPrioritiesThenLowerSeqs() {
      StoredTask low = submit("l", Priority.LOW);
      StoredTask med1 = submit("m1", Priority.MEDIUM);
      StoredTask high = submit("h", Priority.HIGH);
      StoredTask med2 = submit("m2", Priority.MEDIUM);
      assertThat(store.queuePosition(high.id())).hasValue(0);
      assertThat(store.queuePosition(med1.id())).hasValue(1);
      assertThat(store.queuePosition(med2.id())).hasValue(2);
      assertThat(store.queuePosition(low.id())).hasValue(3);
      assertThat(store.queuePosition("missing")).isEmpty();

      List<StoredTask> claimed =
          store.claim(new ClaimRequest("node-1", 2, LEASE, Set.of("resize")));
      assertThat(claimed).extracting(StoredTask::id).containsExactly(high.id(), med1.id());
      StoredTask run = claimed.get(0);
      assertThat(run.state()).isEqualTo(TaskState.RUNNING);
      assertThat(run.attempt()).isEqualTo(1);
      assertThat(run.startedAt()).isEqualTo(T0);
      assertThat(run.leaseOwner()).isEqualTo("node-1");
      assertThat(run.leaseToken()).isNotBlank().isNotEqualTo(claimed.get(1).leaseToken());
      assertThat(run.leaseExpiresAt()).isEqualTo(T0.plus(LEASE));
      assertThat(run.version()).isEqualTo(high.version() + 1);
      assertThat(store.queuePosition(high.id())).isEmpty();
      assertThat(store.queuePosition(low.id())).hasValue(1);
    }

    @Test
    void priorityChangesCancelsAndDeletesMoveTheQueue() {
      StoredTask a = submit("a", Priority.LOW);
      StoredTask b = submit("b", Priority.LOW);
      StoredTask c = submit("c", Priority.LOW);
      assertThat(store.editDetails(
              new DetailsEdit(c.id(), c.version(), c.name(), "", null, Priority.HIGH)))
          .isTrue();
      assertThat(store.queuePosition(c.id())).hasValue(0);
      assertThat(store.queuePosition(b.id())).hasValue(2);

      assertThat(store.cancelWaiting(a.id(), a.version(), null)).isTrue();
      assertThat(store.queuePosition(a.id())).isEmpty();
      assertThat(store.queuePosition(b.id())).hasValue(1);
      StoredTask current = store.find(c.id()).orElseThrow();
      assertThat(store.delete(current.id(), current.version())).isTrue();
      assertThat(store.queuePosition(b.id())).hasValue(0);
      assertThat(store.claim(new ClaimRequest("n", 5, LEASE, Set.of("resize"))))
          .extracting(StoredTask::id)
          .containsExactly(b.id());
    }

    @Test
    void namedChangesAreGuardedByVersion() {
      StoredTask a = submit("a", Priority.LOW);
      assertThat(store.editDetails(
              new DetailsEdit(a.id(), a.version(), "new", "", null, Priority.LOW)))
          .isTrue();
      assertThat(store.editDetails(
              new DetailsEdit(a.id(), a.version(), "lost", "", null, Priority.LOW)))
          .isFalse();
      StoredTask stored = store.find(a.id()).orElseThrow();
      assertThat(stored.name()).isEqualTo("new");
      assertThat(stored.version()).isEqualTo(a.version() + 1);
      assertThat(store.delete(a.id(), a.version())).isFalse();
      assertThat(store.delete(stored.id(), stored.version())).isTrue();
      assertThat(store.find(a.id())).isEmpty();
    }

    @Test
    void aQueuePositionIsReadInLogarithmicTime() {
      StoredTask last = null;
      for (int i = 0; i < 100_000; i++) {
        last = submit("k" + i, Priority.values()[i % 3]);
      }
      String id = last.id();
      for (int i = 0; i < 20_000; i++) {
        store.queuePosition(id); // warm up
      }
      int reads = 20_000;
      long started = System.nanoTime();
      for (int i = 0; i < reads; i++) {
        store.queuePosition(id);
      }
      long perReadNanos = (System.nanoTime() - started) / reads;
      assertThat(store.queuePosition(id)).hasValue(66_666 + 33_333);
      assertThat(perReadNanos)
          .as("nanoseconds per read")
          .isLessThan(50_000); // "well under 100 µs"; typically ~0.3 µs
    }
  }

  @Nested
  class Leases {
    @Test
    void completionsAreFencedByTheLeaseToken() {
      StoredTask task = submit("a", Priority.LOW);
      StoredTask running =
          store.claim(new ClaimRequest("n", 1, LEASE, Set.of("resize"))).get(0);
      Completion stale = new Completion(
          task.id(),
          "not-the-token",
          TaskState.SUCCEEDED,
          1,
          Progress.NONE,
          null,
          null,
          T0,
          null,
          completion(running, TaskState.SUCCEEDED, null).execution());
      assertThat(store.saveProgress(task.id(), "not-the-token", new Progress(1, 2, "")))
          .isFalse();
      assertThat(store.saveProgress(task.id(), running.leaseToken(), new Progress(1, 2, "half")))
          .isTrue();

      assertThat(store.complete(List.of(stale, completion(running, TaskState.SUCCEEDED, null))))
          .containsExactly(false, true);
      StoredTask done = store.find(task.id()).orElseThrow();
      assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(done.leaseToken()).isNull();
      assertThat(done.resultJson()).isEqualTo("{\"ok\":1}");
      assertThat(store.executions(task.id())).hasSize(1);
      assertThat(store.saveProgress(task.id(), running.leaseToken(), Progress.NONE))
          .isFalse();
    }

    @Test
    void aReleasedTaskReturnsToItsPlaceAndARetryWaitsForItsTime() {
      StoredTask a = submit("a", Priority.LOW);
      StoredTask b = submit("b", Priority.LOW);
      List<StoredTask> running = store.claim(new ClaimRequest("n", 2, LEASE, Set.of("resize")));
      submit("c", Priority.LOW);
      store.complete(List.of(
          completion(running.get(0), TaskState.PENDING, null),
          completion(running.get(1), TaskState.SCHEDULED, T0.plusSeconds(5))));
      assertThat(store.queuePosition(a.id())).hasValue(0);
      assertThat(store.find(a.id()).orElseThrow().attempt()).isZero();
      assertThat(store.queuePosition(b.id())).isEmpty();
      clock.advance(Duration.ofSeconds(5));
      assertThat(store.queuePosition(b.id())).hasValue(1);
    }

    @Test
    void leasesAreExtendedKeptCancelledOrLostAndExpire() {
      submit("a", Priority.LOW);
      submit("b", Priority.LOW);
      List<StoredTask> running = store.claim(new ClaimRequest("n", 2, LEASE, Set.of("resize")));
      StoredTask cancelled = running.get(1);
      assertThat(store.requestCancel(cancelled.id(), cancelled.version())).isTrue();
      clock.advance(Duration.ofSeconds(10));

      Map<String, String> tokens = new LinkedHashMap<>();
      tokens.put(running.get(0).id(), running.get(0).leaseToken());
      tokens.put(cancelled.id(), cancelled.leaseToken());
      tokens.put("gone", "x");
      assertThat(store.extendLeases(tokens, LEASE))
          .containsExactly(
              Map.entry(running.get(0).id(), LeaseStatus.KEPT),
              Map.entry(cancelled.id(), LeaseStatus.CANCEL_REQUESTED),
              Map.entry("gone", LeaseStatus.LOST));
      assertThat(store.find(running.get(0).id()).orElseThrow().leaseExpiresAt())
          .isEqualTo(T0.plusSeconds(40));

      clock.advance(Duration.ofSeconds(30));
      assertThat(store.expiredLeases(10))
          .extracting(StoredTask::id)
          .containsExactlyInAnyOrder(running.get(0).id(), cancelled.id());
      assertThat(store.expiredLeases(1)).hasSize(1);
    }
  }

  @Nested
  class Configurations {
    @Test
    void aConfigurationInUseIsKeptUntilItsTasksFinishAndEntriesGo() {
      store.insertConfiguration(new Configuration("cfg", "alice", "c", "resize", "{}", T0, T0));
      StoredTask task = store.submit(NewTasks.withConfiguration("k", "cfg")).task();
      ScheduleEntry entry = new ScheduleEntry(
          "e1",
          "alice",
          "nightly",
          "resize",
          "cfg",
          "{}",
          Priority.LOW,
          Schedule.everySeconds(60),
          MissedFirePolicy.FIRE_ONCE,
          true,
          T0.plusSeconds(60),
          null,
          T0);
      store.insertScheduleEntry(entry);
      assertThat(store.deleteConfiguration("cfg")).isEqualTo(ConfigurationDeletion.IN_USE);

      StoredTask running =
          store.claim(new ClaimRequest("n", 1, LEASE, Set.of("resize"))).get(0);
      store.complete(List.of(completion(running, TaskState.FAILED, null)));
      assertThat(store.find(task.id()).orElseThrow().state()).isEqualTo(TaskState.FAILED);
      assertThat(store.deleteConfiguration("cfg")).isEqualTo(ConfigurationDeletion.IN_USE);

      assertThat(store.deleteScheduleEntry("e1")).isTrue();
      assertThat(store.deleteConfiguration("cfg")).isEqualTo(ConfigurationDeletion.DELETED);
      assertThat(store.deleteConfiguration("cfg")).isEqualTo(ConfigurationDeletion.NOT_FOUND);
      assertThatThrownBy(() -> store.insertScheduleEntry(entry))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThat(store.scheduleEntries(null)).isEmpty();
    }

    @Test
    void scheduleEntriesFireOnceByCompareAndSet() {
      ScheduleEntry entry = new ScheduleEntry(
          "e1",
          "alice",
          "n",
          "resize",
          null,
          "{}",
          Priority.LOW,
          Schedule.everySeconds(60),
          MissedFirePolicy.FIRE_ONCE,
          true,
          T0,
          null,
          T0);
      store.insertScheduleEntry(entry);
      assertThat(store.dueScheduleEntries(T0, Set.of("resize"), 10)).containsExactly(entry);
      assertThat(store
              .fireOccurrence(new Occurrence("e1", T0, T0.plusSeconds(60), T0, null))
              .fired())
          .isTrue();
      assertThat(store
              .fireOccurrence(new Occurrence("e1", T0, T0.plusSeconds(60), T0, null))
              .fired())
          .isFalse();
      assertThat(store.dueScheduleEntries(T0, Set.of("resize"), 10)).isEmpty();
      assertThat(store.findScheduleEntry("e1").orElseThrow().lastFiredAt()).isEqualTo(T0);
    }
  }

  @Nested
  class Queries {
    @Test
    void collapsesFinishedDuplicatesToTheLatestRunAndSortsAndPages() {
      StoredTask active = null;
      for (int run = 0; run < 3; run++) {
        StoredTask t = submit("dup", Priority.LOW);
        clock.advance(Duration.ofSeconds(1));
        store.complete(List.of(completion(
            store.claim(new ClaimRequest("n", 1, LEASE, Set.of("resize"))).get(0),
            TaskState.SUCCEEDED,
            null)));
        active = t;
      }
      StoredTask other = submit("other", Priority.HIGH);
      StoredTask dupActive = submit("dup", Priority.LOW);

      StorePage page = store.query(
          "alice", TaskQuery.mine().collapseDuplicates().sortBy(TaskSort.FINISHED_AT, false));
      assertThat(page.total()).isEqualTo(3);
      assertThat(page.tasks())
          .extracting(StoredTask::id)
          .containsExactly(active.id(), other.id(), dupActive.id());
      assertThat(page.groupSizes()).containsExactly(Map.entry("dup", 3));

      StorePage second = store.query("alice", TaskQuery.mine().page(1, 2));
      assertThat(second.total()).isEqualTo(5);
      assertThat(second.tasks()).hasSize(2);
      assertThat(store.query("bob", TaskQuery.mine()).total()).isZero();
      assertThat(store
              .query(null, TaskQuery.all().finishedBetween(T0, T0.plusSeconds(3)))
              .total())
          .isEqualTo(2);
    }

    @Test
    void purgesFinishedTasksWithTheirExecutions() {
      StoredTask a = submit("a", Priority.LOW);
      submit("b", Priority.LOW);
      store.complete(List.of(completion(
          store.claim(new ClaimRequest("n", 1, LEASE, Set.of("resize"))).get(0),
          TaskState.SUCCEEDED,
          null)));
      clock.advance(Duration.ofSeconds(1));
      assertThat(store.purgeFinishedBefore(T0, 1_000)).isZero();
      assertThat(store.purgeFinishedBefore(store.now(), 1_000)).isEqualTo(1);
      assertThat(store.find(a.id())).isEmpty();
      assertThat(store.executions(a.id())).isEmpty();
      assertThat(store.query("alice", TaskQuery.mine()).total()).isEqualTo(1);
    }
  }
}
