package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalExecutor}'s own guarantees (its Javadoc), each against the core's real runner and the
 * in-memory store; the guarantees every executor shares are in {@code TaskExecutorContract}.
 */
class LocalExecutorTest extends LocalManagers {

  private int succeeded(TaskManager m) {
    return m.admin()
        .list(TaskQuery.all().state(TaskState.SUCCEEDED).page(0, TaskQuery.MAX_LIMIT))
        .items()
        .size();
  }

  private static void submit(
      UserTasks user, io.btmanager.core.definition.TaskDefinition<Args, String> t, int n) {
    for (int i = 0; i < n; i++) {
      user.submit(t, Args.of(t.name() + "-" + i));
    }
  }

  @Test
  void workersAndTheDispatcherAreNamedDaemonThreads() {
    TaskManager m =
        manager(LocalExecutor.builder().threads(2).threadNamePrefix("pool-a-").build(), b -> {});
    submit(m.forUser("alice"), blocked, 2);

    Waits.until(() -> assertThat(running).hasValue(2));
    assertThat(runThreads).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    assertThat(runThreads)
        .extracting(Thread::getName)
        .containsExactlyInAnyOrder("pool-a-1", "pool-a-2");
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("pool-a-"))
        .extracting(Thread::getName)
        .containsExactlyInAnyOrder("pool-a-1", "pool-a-2", "pool-a-dispatcher");
  }

  @Test
  void concurrencyIsThePoolSize() {
    assertThat(LocalExecutor.threads(7).concurrency()).isEqualTo(7);
    assertThat(LocalExecutor.builder().threads(12).build().concurrency()).isEqualTo(12);
  }

  @Test
  void theDispatchersClaimsAskForAtMostTheFreeSlotsAndTheClaimBatch() {
    TaskManager m = manager(LocalExecutor.builder().threads(16).claimBatch(4).build(), b -> {});
    submit(m.forUser("alice"), blocked, 40);

    Waits.until(() -> assertThat(running).hasValue(16));
    assertThat(claims)
        .filteredOn(c -> c.getKey().equals("bt-local-dispatcher"))
        .extracting(Map.Entry::getValue)
        .allSatisfy(max -> assertThat(max).isBetween(1, 4));
    assertThat(mostRunning).hasValue(16);
  }

  @Test
  void aWorkerThatHasRunATaskClaimsTheNextOneItself() {
    TaskManager m = manager(LocalExecutor.threads(2), b -> {});
    submit(m.forUser("alice"), quick, 1_000);

    Waits.until(() -> assertThat(succeeded(m)).isEqualTo(1_000));
    assertThat(claims)
        .filteredOn(c -> c.getKey().matches("bt-local-\\d+"))
        .hasSizeGreaterThanOrEqualTo(900)
        .allSatisfy(c -> assertThat(c.getValue()).isEqualTo(1));
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
  }

  @Test
  void aLocalSubmitIsClaimedAtOnceWithoutWaitingForThePoll() {
    TaskManager m = manager(LocalExecutor.threads(2), b -> {}); // polls once an hour
    Waits.until(() -> assertThat(claims).isNotEmpty()); // the dispatcher looked, found nothing

    String id = m.forUser("alice").submit(quick, Args.of("late")).id();

    Waits.until(() -> assertThat(m.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED));
  }

  @Test
  void everyLocalSubmitIsRunWhileTheWorkersAreBusyOrIdle() {
    TaskManager m = manager(LocalExecutor.threads(4), b -> {});
    UserTasks alice = m.forUser("alice");
    for (int i = 0; i < 2_000; i++) {
      alice.submit(quick, Args.of("t" + i));
    }
    Waits.until(() -> assertThat(succeeded(m)).isEqualTo(2_000));
    assertThat(runs).hasSize(2_000);
  }

  @Test
  void thePollIntervalFindsWorkSubmittedOnAnotherNode() {
    TaskManager worker =
        manager(LocalExecutor.threads(2), b -> b.pollInterval(Duration.ofMillis(50)));
    TaskManager producer = manager(null, b -> {});
    Waits.until(() -> assertThat(claims).isNotEmpty());

    String id = producer.forUser("alice").submit(quick, Args.of("elsewhere")).id();

    Waits.until(() -> assertThat(worker.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED));
  }

  @Test
  void aClaimThatThrowsIsTriedAgainAtTheNextPoll() {
    failingClaims.set(2);
    TaskManager m = manager(LocalExecutor.threads(1), b -> b.pollInterval(Duration.ofMillis(50)));
    String id = m.forUser("alice").submit(quick, Args.of("after-failures")).id();

    Waits.until(() -> assertThat(m.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED));
    assertThat(failingClaims.get()).isNegative(); // both failures happened, then claims went on
  }

  @Test
  void theNextTaskStartsWhenTheOnlySlotFrees() {
    TaskManager m = manager(LocalExecutor.threads(1), b -> {});
    UserTasks alice = m.forUser("alice");
    String first = alice.submit(blocked, Args.of("first")).id();
    String second = alice.submit(quick, Args.of("second")).id();
    Waits.until(() -> assertThat(running).hasValue(1));
    assertThat(alice.get(second).state()).isEqualTo(TaskState.PENDING);

    alice.stop(first); // cancels the running one: its slot frees

    Waits.until(() -> assertThat(alice.get(second).state()).isEqualTo(TaskState.SUCCEEDED));
    assertThat(alice.get(first).state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void virtualThreadsRunTasksOnJava21OrSayWhichJavaThisIs() throws Exception {
    if (Runtime.version().feature() < 21) {
      assertThatThrownBy(() -> LocalExecutor.virtualThreads(4))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("virtual threads need Java 21 or later")
          .hasMessageContaining("this JVM is Java " + Runtime.version());
      return;
    }
    TaskManager m = manager(
        LocalExecutor.builder()
            .threads(8)
            .virtualThreads(true)
            .threadNamePrefix("vt-")
            .build(),
        b -> {});
    submit(m.forUser("alice"), quick, 100);

    Waits.until(() -> assertThat(succeeded(m)).isEqualTo(100));
    Thread any = runThreads.get(0);
    assertThat(Thread.class.getMethod("isVirtual").invoke(any)).isEqualTo(true);
    assertThat(any.getName()).startsWith("vt-");
  }

  @Test
  void anIdleExecutorStopsPromptlyAndLeavesNoThread() {
    TaskManager m =
        manager(LocalExecutor.builder().threads(4).threadNamePrefix("idle-").build(), b -> {});
    submit(m.forUser("alice"), quick, 10);
    Waits.until(() -> assertThat(succeeded(m)).isEqualTo(10));

    long t0 = System.nanoTime();
    m.close();

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    Waits.until(() -> assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith("idle-"))
        .isEmpty());
  }

  @Test
  void shutdownIsIdempotentAndAStoppedExecutorCannotStartAgain() {
    LocalExecutor executor = LocalExecutor.threads(1);
    TaskManager m = manager(executor, b -> {});
    m.close();
    executor.shutdown(Duration.ZERO);

    assertThatThrownBy(() -> manager(executor, b -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shut down");
  }

  @Test
  void startingTwiceFails() {
    LocalExecutor executor = LocalExecutor.threads(1);
    manager(executor, b -> {});

    assertThatThrownBy(() -> manager(executor, b -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
  }

  @Test
  void shutdownBeforeStartPreventsAStart() {
    LocalExecutor executor = LocalExecutor.threads(1);
    executor.shutdown(Duration.ZERO);
    executor.taskSubmitted(); // harmless

    assertThatThrownBy(() -> manager(executor, b -> {})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aNullRunnerOrANegativeTimeoutIsRefused() {
    assertThatThrownBy(() -> LocalExecutor.threads(1).start(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("runner: was null");
    assertThatThrownBy(() -> LocalExecutor.threads(1).shutdown(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("timeout: was PT-1S; accepted: zero or a positive duration");
  }
}
