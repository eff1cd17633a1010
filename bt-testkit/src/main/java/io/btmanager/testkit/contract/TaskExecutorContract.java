package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitLatch;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static io.btmanager.testkit.contract.Racing.race;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskExecutor} guarantees, run through whole managers on a real store: the
 * concurrency bound, drain and release at close (by the core, whatever the executor does), no task
 * lost or run twice under many threads and two nodes, and leases kept while every thread is busy.
 * One thin subclass per executor and store:
 *
 * <pre>{@code
 * class LocalExecutorContractTest extends TaskExecutorContract {
 *   protected TaskStore createStore(Clock clock) { return InMemoryTaskStore.create(clock); }
 *   protected TaskExecutor createExecutor(int threads) { return LocalExecutor.threads(threads); }
 * }
 * }</pre>
 */
public abstract class TaskExecutorContract {

  /** A fresh, empty store; {@code clock} is the managers' clock (a store may ignore it). */
  protected abstract TaskStore createStore(Clock clock);

  /** A fresh executor, not started, whose {@link TaskExecutor#concurrency()} is {@code threads}. */
  protected abstract TaskExecutor createExecutor(int threads);

  /**
   * The most tasks one node of {@code concurrency} holds claimed at once on this suite's store, as
   * the executor documents it. Default: {@code 4 * concurrency}, what the core's run-ahead allows
   * on a store that batches commits.
   */
  protected int claimBound(int concurrency) {
    return 4 * concurrency;
  }

  private TaskStore store;
  private final List<TaskManager> managers = new ArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger mostRunning = new AtomicInteger();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final AtomicInteger started = new AtomicInteger();

  /** Counts its runs by label. */
  final TaskDefinition<Args, String> quick = TaskDefinition.of("quick", Args.class, String.class)
      .handler((ctx, a) -> {
        runs.computeIfAbsent(a.label(), l -> new AtomicInteger()).incrementAndGet();
        return a.label();
      })
      .build();

  /** Counts how many run at once, then waits for the gate (interruptibly). */
  final TaskDefinition<Args, String> gated = TaskDefinition.of("gated", Args.class, String.class)
      .handler((ctx, a) -> {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        started.incrementAndGet();
        runs.computeIfAbsent(a.label(), l -> new AtomicInteger()).incrementAndGet();
        try {
          gate.await();
          return a.label();
        } finally {
          running.decrementAndGet();
        }
      })
      .build();

  protected final TaskManager manager(int threads, Consumer<TaskManager.Builder> custom) {
    store();
    TaskManager.Builder b = TaskManager.builder()
        .store(ManagerFixtures.keptOpen(store))
        .executor(createExecutor(threads))
        .nodeId("executor-contract-" + managers.size())
        .leaseDuration(Duration.ofSeconds(2))
        .heartbeatInterval(Duration.ofMillis(100))
        .sweepInterval(Duration.ofMillis(100))
        .pollInterval(Duration.ofMillis(50))
        .shutdownGrace(Duration.ofMillis(200))
        .register(quick, gated);
    custom.accept(b);
    TaskManager m = b.build();
    managers.add(m);
    return m;
  }

  /** The suite's store, made on first use. */
  protected final TaskStore store() {
    if (store == null) {
      store = createStore(Clock.systemUTC());
    }
    return store;
  }

  @AfterEach
  void closeManagersAndStore() {
    gate.countDown();
    for (int i = managers.size() - 1; i >= 0; i--) {
      managers.get(i).close();
    }
    if (store != null) {
      store.close();
    }
  }

  private static List<String> submit(UserTasks user, TaskDefinition<Args, String> type, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int from = 0; from < n; from += 100) {
      List<Args> args = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + 100); i++) {
        args.add(Args.of(type.name() + "-" + i));
      }
      user.submitAll(type, args, o -> {}).forEach(s -> ids.add(s.id()));
    }
    return ids;
  }

  private static int count(TaskManager m, TaskState state) {
    return (int) m.admin().list(TaskQuery.all().state(state).page(0, 1)).total();
  }

  @Nested
  class Concurrency {

    @Test
    void neverRunsMoreHandlersAtOnceThanItsConcurrency() {
      TaskManager m = manager(3, b -> {});
      List<String> ids = submit(m.forUser("alice"), gated, 9);

      eventually("three handlers run", () -> assertThat(running).hasValue(3));
      assertThat(count(m, TaskState.RUNNING)).isLessThanOrEqualTo(claimBound(3));
      gate.countDown();

      eventually(
          "every task succeeds",
          () -> assertThat(count(m, TaskState.SUCCEEDED)).isEqualTo(ids.size()));
      assertThat(mostRunning).hasValue(3);
    }

    @Test
    void holdsAtMostItsClaimBoundUnderLoad() {
      ClaimCounter counter = new ClaimCounter();
      TaskManager m = manager(4, b -> b.store(counter.around(ManagerFixtures.keptOpen(store()))));
      List<String> ids = submit(m.forUser("alice"), quick, 2_000);

      eventually(
          "every task succeeds",
          () -> assertThat(count(m, TaskState.SUCCEEDED)).isEqualTo(ids.size()));
      assertThat(counter.most()).isBetween(1, claimBound(4));
      assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }
  }

  @Nested
  class NothingLostNothingDoubled {

    @Test
    void manySubmittersAndTwoNodesOnOneStoreRunEachTaskExactlyOnce() {
      TaskManager a = manager(4, b -> {});
      TaskManager b = manager(4, x -> {});
      int threads = 8;
      int perThread = 250;
      race(threads, i -> {
        UserTasks user = (i % 2 == 0 ? a : b).forUser("user-" + i);
        for (int k = 0; k < perThread; k += 10) { // ten per submit: the test is about running
          List<Args> args = new ArrayList<>();
          for (int j = k; j < k + 10; j++) {
            args.add(Args.of("t" + i + "-" + j));
          }
          user.submitAll(quick, args, o -> {});
        }
        return null;
      });

      eventually(
          "every task succeeds",
          () -> assertThat(count(a, TaskState.SUCCEEDED)).isEqualTo(threads * perThread));
      assertThat(runs).hasSize(threads * perThread);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
      assertThat(a.admin().list(TaskQuery.all().page(0, TaskQuery.MAX_LIMIT)).items())
          .allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
    }
  }

  @Nested
  class Events {

    /**
     * Defect 6: CREATED was published after the submit's commit on the submitter's thread, while a
     * worker could already have published the task's STARTED and SUCCEEDED.
     */
    @Test
    void eachTasksEventsArriveInOrderWithGrowingVersionsUnderLoad() {
      // each submit returns only once a worker has run its task: the race, every time
      TaskManager a =
          manager(8, b -> b.store(submitsReturnLate(ManagerFixtures.keptOpen(store()))));
      Map<String, List<TaskEvent>> byTask = new ConcurrentHashMap<>();
      AtomicInteger finished = new AtomicInteger();
      Subscription sub = a.admin().subscribe(e -> {
        byTask.computeIfAbsent(e.taskId(), id -> new CopyOnWriteArrayList<>()).add(e);
        if (e.kind() == TaskEventKind.SUCCEEDED) {
          finished.incrementAndGet();
        }
      });
      int threads = 8;
      int perThread = 25;
      race(threads, i -> {
        UserTasks user = a.forUser("user-" + i);
        for (int k = 0; k < perThread; k++) {
          user.submit(quick, Args.of("e" + i + "-" + k));
        }
        return null;
      });

      eventually(
          "every SUCCEEDED is delivered", () -> assertThat(finished).hasValue(threads * perThread));
      sub.close();
      assertThat(byTask).hasSize(threads * perThread);
      byTask.forEach((id, events) -> {
        assertThat(events)
            .as("events of task %s", id)
            .extracting(TaskEvent::kind)
            .containsExactly(TaskEventKind.CREATED, TaskEventKind.STARTED, TaskEventKind.SUCCEEDED);
        // a client keeping the snapshot of the highest version ends with the finished task (a
        // store may hand the submit a snapshot read after the worker's writes: never a newer one)
        TaskEvent last = events.get(2);
        assertThat(events)
            .as("versions of task %s", id)
            .allSatisfy(e -> assertThat(e.version()).isLessThanOrEqualTo(last.version()));
        assertThat(last.task().state()).isEqualTo(TaskState.SUCCEEDED);
      });
    }
  }

  /**
   * {@code store} whose submits return only once the task they made has finished (or after {@link
   * ManagerFixtures#WAIT}): as if the submitting thread were descheduled right after the commit.
   */
  private static TaskStore submitsReturnLate(TaskStore store) {
    return (TaskStore) Proxy.newProxyInstance(
        TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class}, (p, method, args) -> {
          Object out;
          try {
            out = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (out instanceof SubmitResult r && !r.joined()) {
            String id = r.task().id();
            Awaitility.await()
                .atMost(ManagerFixtures.WAIT)
                .pollInterval(Duration.ofMillis(1))
                .until(() -> store.find(id).map(t -> t.state().isFinished()).orElse(true));
          }
          return out;
        });
  }

  @Nested
  class Leases {

    @Test
    void theHeartbeatKeepsLeasesWhileEveryThreadIsBusy() {
      TaskManager m = manager(2, b -> b.leaseDuration(Duration.ofMillis(600)));
      UserTasks alice = m.forUser("alice");
      List<String> ids = submit(alice, gated, 4); // two run, two wait: no thread is ever free
      eventually("both threads are busy", () -> assertThat(running).hasValue(2));
      List<String> runningIds =
          alice.list(TaskQuery.mine().state(TaskState.RUNNING)).items().stream()
              .map(Task::id)
              .toList();
      Instant firstExpiry = store.find(runningIds.get(0)).orElseThrow().leaseExpiresAt();

      // three lease periods pass, judged by the lease itself being renewed past them
      eventually(
          "the lease is renewed for three lease periods",
          () -> assertThat(store.find(runningIds.get(0)).orElseThrow().leaseExpiresAt())
              .isAfter(firstExpiry.plus(Duration.ofMillis(1_800))));
      assertThat(started).hasValue(2);
      for (String id : runningIds) {
        assertThat(alice.get(id).state()).isEqualTo(TaskState.RUNNING);
        assertThat(alice.get(id).attempt()).isEqualTo(1);
      }
      gate.countDown();
      eventually(
          "every task succeeds",
          () -> assertThat(count(m, TaskState.SUCCEEDED)).isEqualTo(ids.size()));
      assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }
  }

  @Nested
  class Shutdown {

    @Test
    void aTaskThatFinishesWithinTheGraceKeepsItsOutcome() throws Exception {
      TaskManager m = manager(1, b -> b.shutdownGrace(Duration.ofSeconds(10)));
      UserTasks alice = m.forUser("alice");
      String id = submit(alice, gated, 1).get(0);
      eventually("the task runs", () -> assertThat(running).hasValue(1));

      Thread closing = new Thread(m::close);
      closing.start();
      gate.countDown(); // during the grace
      ManagerFixtures.join(closing);

      assertThat(alice.get(id).state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(alice.executions(id))
          .extracting(Execution::outcome)
          .containsExactly(ExecutionOutcome.SUCCEEDED);
    }

    @Test
    void whatDidNotFinishWithinTheGraceIsReleasedWithoutCountingTheAttempt() {
      TaskManager m = manager(2, b -> b.shutdownGrace(Duration.ofMillis(100)));
      UserTasks alice = m.forUser("alice");
      List<String> ids = submit(alice, gated, 5);
      eventually("two handlers run", () -> assertThat(running).hasValue(2));

      long before = System.nanoTime();
      m.close();

      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
      assertThat(running).hasValue(0); // interrupted
      for (String id : ids) {
        Task t = alice.get(id);
        assertThat(t.state()).as("task %s", id).isEqualTo(TaskState.PENDING);
        assertThat(t.attempt()).as("attempts of %s", id).isZero();
      }
    }

    @Test
    void closingUnderLoadLeavesNoTaskRunningAndRunsNoneTwice() {
      TaskManager m = manager(4, b -> b.shutdownGrace(Duration.ZERO));
      UserTasks alice = m.forUser("alice");
      List<String> ids = submit(alice, quick, 1_000);
      eventually("some tasks ran", () -> assertThat(runs).isNotEmpty());

      m.close();

      assertThat(count(m, TaskState.RUNNING)).isZero(); // read through the closed manager's store
      TaskManager after = manager(4, b -> {});
      eventually(
          "every task succeeds",
          () -> assertThat(count(after, TaskState.SUCCEEDED)).isEqualTo(ids.size()));
      assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @Test
    void aHandlerThatIgnoresInterruptsDoesNotHoldCloseBeyondABoundedTime() {
      CountDownLatch never = new CountDownLatch(1);
      CountDownLatch in = new CountDownLatch(1);
      TaskDefinition<Args, String> deaf = TaskDefinition.of("deaf", Args.class, String.class)
          .handler((ctx, a) -> {
            in.countDown();
            while (never.getCount() > 0) {
              try {
                never.await();
              } catch (InterruptedException ignored) {
                // deaf on purpose
              }
            }
            return "never";
          })
          .build();
      TaskManager m = manager(1, b -> b.register(deaf).shutdownGrace(Duration.ZERO));
      String id = m.forUser("alice").submit(deaf, Args.of("deaf")).id();
      awaitLatch("the deaf handler started", in);

      long before = System.nanoTime();
      m.close();

      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
      assertThat(m.forUser("alice").get(id).state()).isEqualTo(TaskState.PENDING);
      never.countDown();
    }
  }
}
