package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitLatch;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualExecutor;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The core's work loop on a store, driven step by step through a {@link ManualExecutor}: what an
 * attempt's outcome is when its result cannot be stored, and what closing a manager does with the
 * tasks the node has claimed (started or not). One thin subclass per store:
 *
 * <pre>{@code
 * class H2WorkLoopContractTest extends WorkLoopContract {
 *   protected TaskStore createStore(Clock clock) { return JdbcTaskStore.h2InMemory("wl-" + UUID.randomUUID()); }
 * }
 * }</pre>
 */
public abstract class WorkLoopContract {

  /** A fresh, empty store; {@code clock} is the manager's clock (a store may ignore it). */
  protected abstract TaskStore createStore(Clock clock);

  private TaskStore store;
  private final List<TaskManager> managers = new ArrayList<>();

  /** A result that Jackson cannot write: a bean whose one property is itself. */
  public static final class Unwritable {
    public Unwritable getSelf() {
      return this;
    }
  }

  final TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");

  final TaskDefinition<Args, Unwritable> unwritable = TaskDefinition.of(
          "unwritable", Args.class, Unwritable.class)
      .handler((ctx, a) -> new Unwritable())
      .build();

  private TaskManager manager(ManualExecutor executor) {
    if (store == null) {
      store = createStore(Clock.systemUTC());
    }
    TaskManager m = TaskManager.builder()
        .store(ManagerFixtures.keptOpen(store))
        .executor(executor)
        .nodeId("work-loop-" + managers.size())
        .leaseDuration(Duration.ofMinutes(5))
        .shutdownGrace(Duration.ofMillis(200))
        .register(ok, unwritable)
        .build();
    managers.add(m);
    return m;
  }

  @AfterEach
  void closeManagersAndStore() {
    for (int i = managers.size() - 1; i >= 0; i--) {
      managers.get(i).close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Nested
  class Outcomes {

    /** Defect 4: the result's JSON failed, nothing was written, the task stayed RUNNING. */
    @Test
    void aResultThatCannotBeWrittenAsJsonFailsTheTaskWithAdvice() {
      ManualExecutor executor = new ManualExecutor();
      UserTasks alice = manager(executor).forUser("alice");
      String id = alice.submit(unwritable, Args.of("x")).id();

      executor.runUntilIdle();

      Task t = alice.get(id);
      assertThat(t.state()).isEqualTo(TaskState.FAILED);
      assertThat(t.error().kind()).isEqualTo(ErrorKind.UNEXPECTED);
      assertThat(t.error().retryable()).isFalse();
      assertThat(t.error().summary()).contains("result could not be saved");
      assertThat(t.error().detail()).contains(Unwritable.class.getName());
      assertThat(alice.executions(id))
          .extracting(Execution::outcome)
          .containsExactly(ExecutionOutcome.FAILED);
    }
  }

  @Nested
  class Closing {

    /** Defect 5: tasks claimed and not started when the node stops go back, attempt uncounted. */
    @Test
    void tasksClaimedButNotStartedAreReleasedWithoutCountingAnAttempt() {
      ManualExecutor executor = new ManualExecutor();
      TaskManager m = manager(executor);
      UserTasks alice = m.forUser("alice");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(alice.submit(ok, Args.of("claimed-" + i)).id());
      }
      List<ClaimedTask> claimed = executor.runner().claim(3);
      assertThat(claimed).hasSize(3);

      m.close();

      for (String id : ids) {
        Task t = alice.get(id);
        assertThat(t.state()).as("task %s", id).isEqualTo(TaskState.PENDING);
        assertThat(t.attempt()).as("attempts of %s", id).isZero();
      }
      ManualExecutor next = new ManualExecutor();
      manager(next);
      assertThat(next.runUntilIdle()).isEqualTo(3);
      for (String id : ids) {
        assertThat(alice.get(id).state()).isEqualTo(TaskState.SUCCEEDED);
      }
    }

    /**
     * Defect 8: a handler that returns while the node releases its tasks has finished; its success
     * is kept, and the task does not run again.
     */
    @Test
    void aHandlerThatReturnsWhileTheNodeReleasesKeepsItsSuccess() throws Exception {
      CountDownLatch started = new CountDownLatch(1);
      AtomicInteger runs = new AtomicInteger();
      TaskDefinition<Args, String> stubborn = TaskDefinition.of(
              "stubborn", Args.class, String.class)
          .handler((ctx, a) -> {
            runs.incrementAndGet();
            started.countDown();
            while (!ctx.isCancelled()) { // ignores interrupts: finishes its work regardless
              Thread.onSpinWait();
            }
            return "done";
          })
          .build();
      ManualExecutor executor = new ManualExecutor();
      if (store == null) {
        store = createStore(Clock.systemUTC());
      }
      TaskManager m = TaskManager.builder()
          .store(ManagerFixtures.keptOpen(store))
          .executor(executor)
          .nodeId("work-loop-stubborn")
          .leaseDuration(Duration.ofMinutes(5))
          .shutdownGrace(Duration.ZERO)
          .register(stubborn)
          .build();
      managers.add(m);
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(stubborn, Args.of("s")).id();
      ClaimedTask claimed = executor.runner().claim(1).get(0);
      Thread worker = new Thread(() -> executor.runner().run(claimed), "stubborn-worker");
      worker.start();
      awaitLatch("the handler started", started);

      m.close(); // releases the node's tasks while the handler is about to return "done"
      worker.join(ManagerFixtures.WAIT.toMillis());

      eventually(
          "the task's outcome is written",
          () -> assertThat(alice.get(id).state()).isEqualTo(TaskState.SUCCEEDED));
      assertThat(alice.get(id).attempt()).isEqualTo(1);
      assertThat(runs).hasValue(1);
    }
  }
}
