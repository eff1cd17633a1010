package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** When the dispatcher looks for work: local submits, freed slots, and the poll interval. */
class LocalExecutorWakeUpTest extends ExecutorTestSupport {
  private static final Duration NEVER = Duration.ofHours(1);

  @Test
  void taskSubmittedWakesTheDispatcherAtOnce() {
    FakeRunner runner = new FakeRunner(NEVER);
    LocalExecutor executor = start(LocalExecutor.threads(2), runner);
    Waits.until(() -> assertThat(runner.claimCalls.get()).isPositive()); // found nothing, waits

    runner.add("late");
    executor.taskSubmitted();

    Waits.until(() -> assertThat(runner.finished).containsExactly("late"));
  }

  @Test
  void everyLocalSubmitIsSeenWhileTheDispatcherIsBusyOrIdle() {
    FakeRunner runner = new FakeRunner(NEVER);
    LocalExecutor executor = start(LocalExecutor.threads(4), runner);
    for (int i = 1; i <= 2_000; i++) {
      runner.add("t" + i);
      executor.taskSubmitted();
    }
    Waits.until(() -> assertThat(runner.finished).hasSize(2_000));
  }

  @Test
  void aFreedSlotWakesTheDispatcher() {
    CountDownLatch releaseFirst = new CountDownLatch(1);
    FakeRunner runner = new FakeRunner(NEVER)
        .behaviour(task -> {
          if (task.id().equals("first")) {
            block(releaseFirst);
          }
        })
        .add("first", "second");
    start(LocalExecutor.threads(1), runner);
    Waits.until(() -> assertThat(runner.running).hasValue(1)); // the only slot is taken

    releaseFirst.countDown();

    Waits.until(() -> assertThat(runner.finished).containsExactly("first", "second"));
  }

  @Test
  void thePollIntervalFindsWorkSubmittedElsewhere() {
    FakeRunner runner = new FakeRunner(Duration.ofMillis(50));
    start(LocalExecutor.threads(2), runner);
    Waits.until(() -> assertThat(runner.claimCalls.get()).isPositive());

    runner.add("from-another-node"); // no taskSubmitted()

    Waits.until(() -> assertThat(runner.finished).containsExactly("from-another-node"));
  }

  @Test
  void withoutAWakeUpNothingIsClaimedBeforeThePollInterval() {
    FakeRunner runner = new FakeRunner(NEVER);
    start(LocalExecutor.threads(2), runner);
    Waits.until(() -> assertThat(runner.claimCalls.get()).isPositive());
    int claims = runner.claimCalls.get();

    runner.add("unannounced");
    // Another executor, woken and run to completion meanwhile, bounds how long we looked.
    FakeRunner other = new FakeRunner(NEVER);
    LocalExecutor witness = start(LocalExecutor.threads(1), other);
    other.add("witness");
    witness.taskSubmitted();
    Waits.until(() -> assertThat(other.finished).hasSize(1));

    assertThat(runner.claimCalls).hasValue(claims); // no busy spinning
    assertThat(runner.finished).isEmpty();
  }

  @Test
  void taskSubmittedBeforeStartOrAfterShutdownIsHarmless() {
    LocalExecutor executor = LocalExecutor.threads(1);
    executor.taskSubmitted();
    FakeRunner runner = new FakeRunner(NEVER);
    start(executor, runner);
    executor.shutdown(Duration.ZERO);
    executor.taskSubmitted();
    assertThat(runner.releases).hasValue(0);
  }
}
