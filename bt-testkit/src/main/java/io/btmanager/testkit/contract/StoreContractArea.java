package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.CANCELLED_ERROR;
import static io.btmanager.testkit.contract.StoreFixtures.IO_ERROR;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.WAIT;
import static io.btmanager.testkit.contract.StoreFixtures.ids;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.internal.QueryEvaluator;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskStore;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every area of {@link TaskStoreContract} stands on: a fresh store per test, made and released
 * by the suite (the backend's subclass), and the steps the areas take on it (submit, claim,
 * complete, ...). An area is a subclass, bound to its suite by {@link #suite()}.
 */
abstract class StoreContractArea {

  /** The store of the running test. */
  TaskStore store;

  /** The stores reopened by the running test, released after it. */
  final List<TaskStore> reopened = new ArrayList<>();

  /** The suite this area runs in: the backend's subclass of {@link TaskStoreContract}. */
  abstract TaskStoreContract suite();

  @BeforeEach
  final void openStore() {
    store = Objects.requireNonNull(suite().createStore(), "createStore() returned null");
  }

  @AfterEach
  final void closeStore() {
    TaskStore s = store;
    store = null;
    if (s != null) {
      suite().releaseStore(s);
    }
    reopened.forEach(TaskStore::close);
    reopened.clear();
  }

  /** A new store on the data of {@code closed}, from {@link TaskStoreContract#reopen}. */
  TaskStore reopen(TaskStore closed) {
    return suite().reopen(closed);
  }

  /**
   * A listing as the core answers it: the store's own query when it {@linkplain
   * io.btmanager.core.spi.StoreCapabilities#filtersQueries() filters queries}, else the core's
   * evaluator over {@link TaskStore#tasksOf}. For the areas that list to check something else; the
   * query area itself runs only on stores that filter.
   */
  StorePage listing(String owner, TaskQuery query) {
    return store.capabilities().filtersQueries()
        ? store.query(owner, query)
        : QueryEvaluator.page(store.tasksOf(owner), query, store::executions);
  }

  // ================================================================== helpers

  /** A new pending task of alice's, created now, with unique arguments and dedup key. */
  TaskSpec task() {
    return new TaskSpec(store.now());
  }

  StoredTask submit(NewTask t) {
    return store.submit(t).task();
  }

  StoredTask submit(TaskSpec spec) {
    return submit(spec.build());
  }

  boolean deleteAsRead(StoredTask t) {
    return store.delete(t.id(), t.version());
  }

  StoredTask reload(String id) {
    Optional<StoredTask> t = store.find(id);
    assertThat(t).as("task %s", id).isPresent();
    return t.get();
  }

  /** Claims one task and checks that it is the expected one. */
  StoredTask claimExactly(String id, String node, Duration lease) {
    List<StoredTask> claimed =
        store.claim(new ClaimRequest(node, 1, lease, Set.of(TYPE, OTHER_TYPE)));
    assertThat(claimed).extracting(StoredTask::id).as("claimed").containsExactly(id);
    return claimed.get(0);
  }

  boolean complete(Completion c) {
    List<Boolean> applied = store.complete(List.of(c));
    assertThat(applied).hasSize(1);
    return applied.get(0);
  }

  /** Submits, claims and ends the task; no other task may be runnable meanwhile. */
  StoredTask runToEnd(NewTask t, TaskState end, Instant finishedAt) {
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
  StoredTask cancelWaiting(StoredTask t) {
    assertThat(store.cancelWaiting(t.id(), t.version(), CANCELLED_ERROR)).isTrue();
    return reload(t.id());
  }

  StoredTask awaitExpired(String id) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> ids(store.expiredLeases(100)).contains(id));
    return store.expiredLeases(100).stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  Execution execution(
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

  Execution execution(String taskId, int attempt, String node, ExecutionOutcome outcome) {
    Instant now = store.now();
    return new Execution(taskId, attempt, null, node, now, now, outcome, null, null);
  }

  Completion succeeded(StoredTask claimed, String resultJson, Instant finishedAt) {
    return ending(
        claimed,
        TaskState.SUCCEEDED,
        claimed.attempt(),
        new Progress(1, 1, "done"),
        resultJson,
        null,
        finishedAt,
        null,
        ExecutionOutcome.SUCCEEDED);
  }

  Completion failed(StoredTask claimed, TaskError error, Instant finishedAt) {
    return ending(
        claimed,
        TaskState.FAILED,
        claimed.attempt(),
        new Progress(1, 4, "failed"),
        null,
        error,
        finishedAt,
        null,
        ExecutionOutcome.FAILED);
  }

  Completion cancelled(StoredTask claimed, Instant finishedAt) {
    return ending(
        claimed,
        TaskState.CANCELLED,
        claimed.attempt(),
        new Progress(2, 4, "stopped"),
        null,
        CANCELLED_ERROR,
        finishedAt,
        null,
        ExecutionOutcome.CANCELLED);
  }

  Completion retry(StoredTask claimed, Instant nextAttemptAt) {
    return ending(
        claimed,
        TaskState.SCHEDULED,
        claimed.attempt(),
        new Progress(1, 4, "failed, retrying"),
        null,
        IO_ERROR,
        null,
        nextAttemptAt,
        ExecutionOutcome.FAILED);
  }

  Completion released(StoredTask claimed) {
    return ending(
        claimed,
        TaskState.PENDING,
        claimed.attempt() - 1,
        Progress.NONE,
        null,
        null,
        null,
        null,
        ExecutionOutcome.RELEASED);
  }

  /**
   * The end of {@code claimed}'s attempt as the core writes it, with the execution that records
   * it: finished at {@code finishedAt}, or now for a retry or a release (the task goes on).
   */
  private Completion ending(
      StoredTask claimed,
      TaskState state,
      int attempt,
      Progress progress,
      String resultJson,
      TaskError error,
      Instant finishedAt,
      Instant nextAttemptAt,
      ExecutionOutcome outcome) {
    Instant ended = finishedAt != null ? finishedAt : store.now();
    return new Completion(
        claimed.id(),
        claimed.leaseToken(),
        state,
        attempt,
        progress,
        resultJson,
        error,
        finishedAt,
        nextAttemptAt,
        execution(claimed, outcome, ended, resultJson, error));
  }

  Configuration configuration(String owner) {
    return configuration(owner, store.now());
  }

  static Configuration configuration(String owner, Instant createdAt) {
    return new Configuration(
        newId(), owner, "photos 640", TYPE, "{\"width\":640}", createdAt, createdAt);
  }

  ScheduleEntry scheduleEntry(
      String owner, String configurationId, Instant nextFireAt, boolean enabled) {
    return scheduleEntry(owner, configurationId, nextFireAt, enabled, store.now());
  }

  static ScheduleEntry scheduleEntry(
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
}
