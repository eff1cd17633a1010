package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.keptOpen;

import io.btmanager.core.SubmitOptions;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.Advice;
import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.ManualClock;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * What every area of {@link TaskManagerContract} stands on: the test's store, made by the suite
 * (the backend's subclass) on the first manager, the managers built on it (closed after the test,
 * then the store), and the task types every manager registers. An area is a subclass, bound to its
 * suite by {@link #suite()}.
 */
abstract class ManagerContractArea {

  /** The suite this area runs in: the backend's subclass of {@link TaskManagerContract}. */
  abstract TaskManagerContract suite();

  /** A fresh executor, not started, from {@link TaskManagerContract#createExecutor()}. */
  TaskExecutor createExecutor() {
    return suite().createExecutor();
  }

  Clock clock = Clock.systemUTC();
  private TaskStore store;
  private final List<TaskManager> managers = new ArrayList<>();
  private int nodes;

  /** Opens every gated task (and is opened at the end of each test). */
  final CountDownLatch gate = new CountDownLatch(1);

  final Set<String> gatedStarted = ConcurrentHashMap.newKeySet();
  final CountDownLatch hangStarted = new CountDownLatch(1);

  final TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");
  final TaskDefinition<Args, String> other = TestTaskTypes.succeeds("other");
  final TaskDefinition<Args, String> fails = TestTaskTypes.alwaysFails("fails");
  final TaskDefinition<Args, String> flaky = TestTaskTypes.failsThenSucceeds("flaky", 2);
  final TaskDefinition<Args, String> progressing = TestTaskTypes.reportsProgress("progress");
  final TaskDefinition<Args, String> hangs =
      TestTaskTypes.hangsUntilCancelled("hangs", hangStarted);

  /** Records that it started, then waits for the gate. */
  final TaskDefinition<Args, String> gated = TaskDefinition.of("gated", Args.class, String.class)
      .handler((ctx, a) -> {
        gatedStarted.add(ctx.taskId());
        gate.await();
        return a.label();
      })
      .build();

  /** Reports one of two steps, then waits for the gate. */
  final TaskDefinition<Args, String> halfway = TaskDefinition.of(
          "halfway", Args.class, String.class)
      .handler((ctx, a) -> {
        ctx.progress(1, 2, "first half done");
        gate.await();
        ctx.progress(2, 2, "done");
        return a.label();
      })
      .build();

  /** Rejects its arguments, with a retry policy that would otherwise retry. */
  final TaskDefinition<Args, String> rejects = TaskDefinition.of(
          "rejects", Args.class, String.class)
      .retry(RetryPolicy.exponential(3, Duration.ofMillis(10)).withJitter(0))
      .handler((ctx, a) -> {
        throw new IllegalArgumentException("width must be positive, was " + a.n());
      })
      .build();

  /** Fails with an error its own advisor explains. */
  final TaskDefinition<Args, String> advised = TaskDefinition.of(
          "advised", Args.class, String.class)
      .advisor(e -> e instanceof IllegalStateException
          ? Optional.of(new Advice(
              "Your monthly quota of conversions is used up.",
              "Wait until the first of next month, or ask for a larger quota.",
              false))
          : Optional.empty())
      .handler((ctx, a) -> {
        throw new IllegalStateException("quota exceeded for '" + a.label() + "'");
      })
      .build();

  /** Waits for the gate, far longer than its 200 ms timeout. */
  final TaskDefinition<Args, String> slow = TaskDefinition.of("slow", Args.class, String.class)
      .timeout(Duration.ofMillis(200))
      .handler((ctx, a) -> {
        gate.await();
        return a.label();
      })
      .build();

  // ------------------------------------------------------------------------------- fixtures

  /** Makes this test run on a {@link ManualClock} standing at the real time; call it first. */
  final ManualClock useManualClock() {
    if (store != null) {
      throw new IllegalStateException("choose the clock before the first manager is built");
    }
    ManualClock manual = ManualClock.at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    clock = manual;
    return manual;
  }

  /** The test's store, created on first use; managers get a view of it they cannot close. */
  TaskStore store() {
    if (store == null) {
      store = suite().createStore(clock);
    }
    return store;
  }

  /** A manager with a fresh executor and the suite's short intervals. */
  final TaskManager manager() {
    return manager(b -> {});
  }

  /** A manager with a fresh executor, the suite's short intervals, and {@code custom} on top. */
  final TaskManager manager(Consumer<TaskManager.Builder> custom) {
    return build(createExecutor(), custom);
  }

  /** A manager on the test's store with {@code executor} (null: a node that only submits). */
  final TaskManager build(TaskExecutor executor, Consumer<TaskManager.Builder> custom) {
    return buildWith(
        executor,
        custom,
        ok,
        other,
        fails,
        flaky,
        progressing,
        hangs,
        gated,
        halfway,
        rejects,
        advised,
        slow);
  }

  /** A manager on the test's store that registers only {@code types}. */
  final TaskManager buildWith(
      TaskExecutor executor, Consumer<TaskManager.Builder> custom, TaskDefinition<?, ?>... types) {
    TaskManager.Builder b = TaskManager.builder()
        .store(keptOpen(store()))
        .clock(clock)
        .nodeId("contract-node-" + (++nodes))
        .leaseDuration(Duration.ofSeconds(2))
        .heartbeatInterval(Duration.ofMillis(200))
        .sweepInterval(Duration.ofMillis(200))
        .pollInterval(Duration.ofMillis(50))
        .scheduleCheckInterval(Duration.ofMillis(50))
        .shutdownGrace(Duration.ofMillis(200))
        .register(types);
    if (executor != null) {
      b.executor(executor);
    }
    custom.accept(b);
    TaskManager m = b.build();
    managers.add(m);
    return m;
  }

  @AfterEach
  void closeManagersAndStore() {
    gate.countDown();
    List<Throwable> failures = new ArrayList<>();
    for (int i = managers.size() - 1; i >= 0; i--) {
      try {
        managers.get(i).close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (store != null) {
      store.close();
    }
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError("closing a manager failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  /** Submit options that keep a task waiting (SCHEDULED) for an hour. */
  Consumer<SubmitOptions> waiting() {
    Instant later = clock.instant().plus(Duration.ofHours(1));
    return o -> o.startAt(later);
  }
}
