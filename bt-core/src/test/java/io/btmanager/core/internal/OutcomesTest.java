package io.btmanager.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.Advice;
import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.internal.Outcomes.Ended;
import io.btmanager.core.internal.RunningTask.StopReason;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How an attempt ends: {@link Outcomes#decide} for every way a handler can come back. */
class OutcomesTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static final Progress HALF = new Progress(1, 2, "half");

  record Args(String s) {}

  private final TaskDefinition<Args, String> once = TaskDefinition.of(
          "once", Args.class, String.class)
      .handler((ctx, a) -> a.s())
      .build();
  private final TaskDefinition<Args, String> thrice = TaskDefinition.of(
          "thrice", Args.class, String.class)
      .handler((ctx, a) -> a.s())
      .retry(RetryPolicy.exponential(3, Duration.ofSeconds(10)).withJitter(0))
      .timeout(Duration.ofMinutes(1))
      .build();
  private final TaskDefinition<Args, String> advised = TaskDefinition.of(
          "advised", Args.class, String.class)
      .handler((ctx, a) -> a.s())
      .advisor(e -> Optional.of(new Advice("Disk full.", "Free some space.", false)))
      .build();

  private int submitted;
  private TaskManager manager;
  private TaskRunner runner;

  /** Captures the runner; claims only when a test asks. */
  private final class Held implements TaskExecutor {
    @Override
    public void start(TaskRunner r) {
      runner = r;
    }

    @Override
    public int concurrency() {
      return 1;
    }

    @Override
    public void shutdown(Duration timeout) {}

    @Override
    public boolean drivesMaintenance() {
      return true;
    }
  }

  @BeforeEach
  void start() {
    manager = TaskManager.builder()
        .store(InMemoryTaskStore.create(Clock.systemUTC()))
        .executor(new Held())
        .shutdownGrace(Duration.ZERO)
        .register(once, thrice, advised)
        .build();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** A task of {@code type} as its first claim returns it (RUNNING, attempt 1). */
  private StoredTask claimed(TaskDefinition<Args, String> type) {
    manager.forUser("alice").submit(type, new Args("x" + submitted++)); // distinct: no join
    return runner.claim(1).get(0).task();
  }

  private Completion decide(
      TaskDefinition<Args, String> type, String json, Throwable error, StopReason stop) {
    return decide(claimed(type), type, json, error, false, stop);
  }

  private static Completion decide(
      StoredTask claim,
      TaskDefinition<?, ?> type,
      String json,
      Throwable error,
      boolean unwritable,
      StopReason stop) {
    return Outcomes.decide(new Ended(claim, type, json, error, unwritable, stop, HALF, "n1", NOW));
  }

  @Test
  void aReturnSucceedsWithTheResultAndEndsTheAttempt() {
    Completion c = decide(once, "\"x\"", null, null);

    assertThat(c.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(c.resultJson()).isEqualTo("\"x\"");
    assertThat(c.finishedAt()).isEqualTo(NOW);
    assertThat(c.attempt()).isEqualTo(1);
    assertThat(c.progress()).isEqualTo(HALF);
    assertThat(c.execution().outcome()).isEqualTo(ExecutionOutcome.SUCCEEDED);
    assertThat(c.execution().node()).isEqualTo("n1");
    assertThat(c.execution().finishedAt()).isEqualTo(NOW);
  }

  @Test
  void aThrowWithAttemptsLeftIsRetriedAfterTheBackoff() {
    Completion c = decide(thrice, null, new IOException("socket closed"), null);

    assertThat(c.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(c.nextAttemptAt()).isEqualTo(NOW.plusSeconds(10));
    assertThat(c.finishedAt()).isNull();
    assertThat(c.error().kind()).isEqualTo(ErrorKind.IO);
    assertThat(c.error().detail()).contains("socket closed");
    assertThat(c.execution().outcome()).isEqualTo(ExecutionOutcome.FAILED);
  }

  @Test
  void aThrowWithoutAttemptsLeftFailsWithTheDefaultAdvice() {
    Completion c = decide(once, null, new IOException("socket closed"), null);

    assertThat(c.state()).isEqualTo(TaskState.FAILED);
    assertThat(c.finishedAt()).isEqualTo(NOW);
    assertThat(c.nextAttemptAt()).isNull();
    assertThat(c.error().kind()).isEqualTo(ErrorKind.IO);
    assertThat(c.error().action()).contains("try again");
  }

  @Test
  void theTypesAdvisorWordsTheFailure() {
    Completion c = decide(advised, null, new IllegalStateException("ENOSPC"), null);

    assertThat(c.state()).isEqualTo(TaskState.FAILED);
    assertThat(c.error().summary()).isEqualTo("Disk full.");
    assertThat(c.error().action()).isEqualTo("Free some space.");
    assertThat(c.error().retryable()).isFalse();
  }

  @Test
  void aCancelledHandlerThatThrowsIsCancelledNotRetried() {
    Completion c = decide(thrice, null, new InterruptedException(), StopReason.CANCELLED);

    assertThat(c.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(c.error().kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(c.execution().outcome()).isEqualTo(ExecutionOutcome.CANCELLED);
  }

  @Test
  void aHandlerThatReturnsDespiteAStopHasSucceeded() {
    assertThat(decide(once, "\"x\"", null, StopReason.CANCELLED).state())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(decide(once, "\"x\"", null, StopReason.TIMED_OUT).state())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(decide(once, "\"x\"", null, StopReason.RELEASED).state())
        .isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void aTimeoutFailsAsATimeoutAndIsRetriedByThePolicy() {
    Completion c = decide(thrice, null, new InterruptedException(), StopReason.TIMED_OUT);

    assertThat(c.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(c.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
    assertThat(c.error().detail()).contains("longer than its timeout of PT1M");
  }

  @Test
  void aLostLeaseWritesNothing() {
    assertThat(decide(once, "\"x\"", null, StopReason.LEASE_LOST)).isNull();
    assertThat(decide(once, null, new InterruptedException(), StopReason.LEASE_LOST))
        .isNull();
  }

  @Test
  void aReleasedHandlerThatThrowsGoesBackToTheQueueWithoutCountingTheAttempt() {
    Completion c = decide(thrice, null, new InterruptedException(), StopReason.RELEASED);

    assertThat(c.state()).isEqualTo(TaskState.PENDING);
    assertThat(c.attempt()).isZero();
    assertThat(c.progress()).isEqualTo(HALF);
    assertThat(c.execution().outcome()).isEqualTo(ExecutionOutcome.RELEASED);
  }

  @Test
  void aResultThatCannotBeWrittenFailsForGoodEvenWithRetriesLeft() {
    StoredTask claim = claimed(thrice);
    Completion c = decide(claim, thrice, null, new IllegalStateException("cyclic"), true, null);

    assertThat(c.state()).isEqualTo(TaskState.FAILED);
    assertThat(c.error().retryable()).isFalse();
    assertThat(c.error().summary()).contains("result could not be saved");
  }

  @Test
  void aTaskOfATypeThisNodeDoesNotKnowFails() {
    StoredTask claim = claimed(thrice);
    Completion c =
        decide(claim, null, null, new IllegalStateException("unknown type"), false, null);

    assertThat(c.state()).isEqualTo(TaskState.FAILED);
  }
}
