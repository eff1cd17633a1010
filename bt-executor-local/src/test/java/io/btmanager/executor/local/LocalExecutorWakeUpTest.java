package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.ClaimedTask;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * When work is looked for: by a worker when it has run a task, and by the dispatcher on a local
 * submit, a worker going idle, or the poll interval.
 */
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
  void aWorkerThatHasRunATaskClaimsTheNextOneItself() {
    FakeRunner runner = new FakeRunner(NEVER).addMany("t", 1_000);
    start(LocalExecutor.threads(2), runner);

    Waits.until(() -> assertThat(runner.finished).hasSize(1_000));
    // The dispatcher claims once to start the idle pool, and once more when workers go idle at the
    // end (once per worker, or once for both when their wake-ups coalesce); every other claim is a
    // worker's, for itself alone.
    Waits.until(() -> assertThat(runner.claimThreads)
        .filteredOn(name -> name.equals("bt-local-dispatcher"))
        .hasSizeBetween(2, 3));
    assertThat(runner.claimThreads)
        .filteredOn(name -> name.matches("bt-local-\\d+"))
        .hasSizeGreaterThanOrEqualTo(998);
    assertThat(runner.maxOutstanding.get()).isLessThanOrEqualTo(2);
  }

  @Test
  void aSubmitThatRacesWithAWorkersEmptyClaimIsPickedUpWithoutAPoll() {
    AtomicReference<LocalExecutor> executor = new AtomicReference<>();
    AtomicBoolean raced = new AtomicBoolean();
    FakeRunner runner = new FakeRunner(NEVER) {
      @Override
      public List<ClaimedTask> claim(int max) {
        List<ClaimedTask> out = super.claim(max);
        if (out.isEmpty()
            && Thread.currentThread().getName().equals("bt-local-1")
            && raced.compareAndSet(false, true)) {
          // Submitted while the only worker holds the only slot: this wakes nobody, so the worker
          // must wake the dispatcher as it frees the slot after this empty claim.
          add("late");
          executor.get().taskSubmitted();
        }
        return out;
      }
    };
    runner.add("first");
    executor.set(start(LocalExecutor.threads(1), runner));

    Waits.until(() -> assertThat(runner.finished).containsExactly("first", "late"));
    assertThat(raced).isTrue();
  }

  @Test
  void theNextTaskStartsWhenTheOnlySlotFrees() {
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
