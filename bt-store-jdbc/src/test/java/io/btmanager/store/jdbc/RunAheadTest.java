package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Run-ahead on a durable store (H2 here): a worker whose last task ran short claims several tasks
 * at its turn and runs the extra ones itself, back to back, writing their outcomes together at its
 * next turn. The test drives the runner the manager hands its executor, on the test's own thread,
 * so that each call is one worker's turn.
 */
class RunAheadTest {
  private static final int AHEAD = 3; // claimed at a turn besides the task handed back

  /** An executor that only keeps the runner, for the test to drive. */
  private static final class DrivenExecutor implements TaskExecutor {
    volatile TaskRunner runner;

    @Override
    public void start(TaskRunner runner) {
      this.runner = runner;
    }

    @Override
    public int concurrency() {
      return 1;
    }

    @Override
    public void shutdown(Duration timeout) {}

    @Override
    public boolean drivesMaintenance() {
      return true; // the test calls the heartbeat
    }
  }

  private JdbcTaskStore store;
  private TaskManager manager;
  private TaskRunner runner;
  private UserTasks alice;
  private final TaskDefinition<Args, String> quick = TestTaskTypes.succeeds("quick");
  private final AtomicInteger labels = new AtomicInteger();

  /** The quick tasks submitted just before a slow one, and those not SUCCEEDED when it started. */
  private final List<String> before = new CopyOnWriteArrayList<>();

  private final List<String> notWrittenWhenSlowStarted = new CopyOnWriteArrayList<>();

  /** Takes 3 ms, more than what counts as short: never run ahead. */
  private final TaskDefinition<Args, String> slow = TaskDefinition.of(
          "slow", Args.class, String.class)
      .handler((ctx, a) -> {
        for (String id : before) {
          if (manager.admin().get(id).state() != TaskState.SUCCEEDED) {
            notWrittenWhenSlowStarted.add(id);
          }
        }
        LockSupport.parkNanos(Duration.ofMillis(3).toNanos()); // the work: 3 ms
        return a.label();
      })
      .build();

  @BeforeEach
  void start() {
    store = JdbcTaskStore.h2InMemory("run-ahead-" + UUID.randomUUID());
    DrivenExecutor executor = new DrivenExecutor();
    manager = TaskManager.builder()
        .store(store)
        .executor(executor)
        .register(quick)
        .register(slow)
        .shutdownGrace(Duration.ZERO)
        .build();
    runner = executor.runner;
    alice = manager.forUser("alice");
    // the type's average run time is known, and short, once some have run
    submitQuick(50);
    drain(runner.claim(1).stream().findFirst());
  }

  @AfterEach
  void stop() {
    manager.close();
  }

  @Test
  void shortTasksRunAheadSoOneTurnCarriesSeveral() {
    int tasks = 400;
    submitQuick(tasks);

    int turns = drain(runner.claim(1).stream().findFirst());

    assertThat(count(TaskState.SUCCEEDED)).isEqualTo(50 + tasks);
    assertThat(count(TaskState.PENDING) + count(TaskState.RUNNING)).isZero();
    assertThat(manager.admin().list(TaskQuery.all().page(0, 1_000)).items())
        .hasSize(50 + tasks)
        .allSatisfy(t -> assertThat(t.attempt()).isEqualTo(1));
    // one task per turn without run-ahead; about one turn per four with it
    assertThat(turns).isLessThan(tasks / 2);
  }

  @Test
  void theOutcomesBeforeATaskThatMayBeLongAreWrittenBeforeItStarts() {
    for (int round = 0; round < 10; round++) {
      before.clear();
      for (int i = 0; i < 3; i++) {
        before.add(alice.submit(quick, Args.of("q" + labels.incrementAndGet())).id());
      }
      String s = alice.submit(slow, Args.of("s" + labels.incrementAndGet())).id();

      drain(runner.claim(1).stream().findFirst());

      assertThat(manager.admin().get(s).state()).isEqualTo(TaskState.SUCCEEDED);
    }
    assertThat(notWrittenWhenSlowStarted).isEmpty();
  }

  @Test
  void runningTheHandedBackTaskAloneReturnsTheOnesClaimedAheadToTheQueue() {
    ClaimedTask handedBack = withThreeAhead();

    runner.run(handedBack);

    assertThat(store.find(handedBack.id()).orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(count(TaskState.RUNNING)).isZero();
    assertThat(pending()).hasSize(AHEAD);
  }

  @Test
  void theLeasesOfTasksClaimedAheadAreExtendedLikeARunningTasks() {
    ClaimedTask handedBack = withThreeAhead();
    String aheadId = ids(TaskState.RUNNING).stream()
        .filter(id -> !id.equals(handedBack.id()))
        .findFirst()
        .orElseThrow();
    StoredTask ahead = store.find(aheadId).orElseThrow();
    Instant claimedUntil = ahead.leaseExpiresAt();

    await().atMost(Duration.ofSeconds(10)).until(() -> {
      runner.heartbeat();
      return store.find(ahead.id()).orElseThrow().leaseExpiresAt().isAfter(claimedUntil);
    });
  }

  /**
   * Submits four quick tasks and runs the first through a turn until that turn claims the other
   * three ahead (it does when the first ran short, which a cold start may spoil): returns the task
   * handed back to run next, with {@value #AHEAD} more claimed ahead on this thread.
   */
  private ClaimedTask withThreeAhead() {
    for (int attempt = 0; attempt < 20; attempt++) {
      submitQuick(2 + AHEAD);
      Optional<ClaimedTask> next = runner.runAndClaimNext(runner.claim(1).get(0));
      if (count(TaskState.RUNNING) == 1 + AHEAD) {
        return next.orElseThrow();
      }
      drain(next);
    }
    return fail("no turn claimed ahead in 20 tries");
  }

  private void submitQuick(int n) {
    List<Args> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(Args.of("q" + labels.incrementAndGet()));
    }
    alice.submitAll(quick, args, o -> {});
  }

  /** Runs tasks as one worker until none is left; returns the turns it took. */
  private int drain(Optional<ClaimedTask> first) {
    int turns = 0;
    Optional<ClaimedTask> next = first;
    while (next.isPresent()) {
      next = runner.runAndClaimNext(next.get());
      turns++;
    }
    return turns;
  }

  private long count(TaskState state) {
    return manager.admin().list(TaskQuery.all().state(state).page(0, 1)).total();
  }

  private List<String> ids(TaskState state) {
    List<String> ids = new ArrayList<>();
    manager
        .admin()
        .list(TaskQuery.all().state(state).page(0, 100))
        .items()
        .forEach(t -> ids.add(t.id()));
    return ids;
  }

  private List<StoredTask> pending() {
    return ids(TaskState.PENDING).stream()
        .map(id -> store.find(id).orElseThrow())
        .toList();
  }
}
