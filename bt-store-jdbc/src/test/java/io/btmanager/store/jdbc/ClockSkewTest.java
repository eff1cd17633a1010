package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One clock for every task time (defect 10): a manager whose JVM clock is five minutes off, on a SQL
 * store, stamps and judges every time by the store's clock, so a task's created, started and
 * finished times stay in order and a retry back-off is not shifted by the skew.
 */
class ClockSkewTest {
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final AtomicInteger attempts = new AtomicInteger();
  private final TaskDefinition<Args, String> ok = TaskDefinition.of("ok", Args.class, String.class)
      .handler((ctx, a) -> a.label())
      .build();
  private final TaskDefinition<Args, String> failsOnce = TaskDefinition.of(
          "fails-once", Args.class, String.class)
      .retry(RetryPolicy.exponential(3, Duration.ofMillis(100)).withJitter(0))
      .handler((ctx, a) -> {
        if (attempts.incrementAndGet() == 1) {
          throw new java.io.IOException("first attempt fails");
        }
        return a.label();
      })
      .build();
  private TaskManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  void h2TaskTimesStayInOrderUnderAJvmClockFiveMinutesAhead() {
    taskTimesStayInOrder(JdbcTaskStore.h2InMemory("skew-" + UUID.randomUUID()));
  }

  @Test
  void postgresTaskTimesStayInOrderUnderAJvmClockFiveMinutesAhead() {
    taskTimesStayInOrder(PostgresServer.get().newStore());
  }

  @Test
  void h2RetryBackoffIsNotShiftedByAJvmClockFiveMinutesAhead() {
    retryIsNotShifted(JdbcTaskStore.h2InMemory("skew-" + UUID.randomUUID()));
  }

  @Test
  void postgresRetryBackoffIsNotShiftedByAJvmClockFiveMinutesAhead() {
    retryIsNotShifted(PostgresServer.get().newStore());
  }

  private void taskTimesStayInOrder(JdbcTaskStore store) {
    manager = skewedManager(store);
    Instant before = store.now();
    String id = manager.forUser("alice").submit(ok, Args.of("in order")).id();
    Task done = awaitSucceeded(id);
    Instant after = store.now();

    assertThat(done.createdAt()).isBetween(before, after);
    assertThat(done.startedAt()).isBetween(done.createdAt(), after);
    assertThat(done.finishedAt()).isBetween(done.startedAt(), after);
  }

  private void retryIsNotShifted(JdbcTaskStore store) {
    manager = skewedManager(store);
    String id = manager.forUser("alice").submit(failsOnce, Args.of("retried")).id();
    Task done = awaitSucceeded(id);
    assertThat(done.attempt()).isEqualTo(2);
  }

  private TaskManager skewedManager(JdbcTaskStore store) {
    return TaskManager.builder()
        .store(store)
        .executor(LocalExecutor.threads(2))
        .clock(Clock.offset(Clock.systemUTC(), SKEW))
        .pollInterval(Duration.ofMillis(50))
        .register(ok, failsOnce)
        .build();
  }

  private Task awaitSucceeded(String id) {
    await("task " + id + " succeeds")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> manager.forUser("alice").get(id).state() == TaskState.SUCCEEDED);
    return manager.forUser("alice").get(id);
  }
}
