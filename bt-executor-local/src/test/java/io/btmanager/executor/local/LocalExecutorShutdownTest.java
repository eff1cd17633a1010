package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.RunnerSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalExecutorShutdownTest extends ExecutorTestSupport {
  private static final Duration NEVER = Duration.ofHours(1);

  @Test
  void aTaskThatFinishesWithinTheGraceIsNotReleased() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeRunner runner = new FakeRunner(
            new RunnerSettings(NEVER, Duration.ofMillis(10), NEVER, NEVER))
        .behaviour(task -> {
          started.countDown();
          block(release);
        })
        .add("slow");
    LocalExecutor executor = start(LocalExecutor.threads(2), runner);
    Waits.open(started, "the task to start");

    CompletableFuture<Void> shutdown =
        CompletableFuture.runAsync(() -> executor.shutdown(Duration.ofSeconds(30)));
    int beats = runner.heartbeats.get();
    Waits.until(() -> assertThat(runner.heartbeats.get()).isGreaterThan(beats + 1));
    assertThat(shutdown).isNotDone(); // still waiting for the task, heartbeating meanwhile
    release.countDown();

    shutdown.get(10, TimeUnit.SECONDS);
    assertThat(runner.events).containsExactly("finished:slow");
    assertThat(runner.releases).hasValue(0);
    assertNoThreadAlive("bt-local-");
  }

  @Test
  void aTaskAWorkerClaimedAsShutdownBeganRunsWithinTheGraceAndNothingMoreIsClaimed()
      throws Exception {
    CountDownLatch claiming = new CountDownLatch(1);
    CountDownLatch claimMayReturn = new CountDownLatch(1);
    FakeRunner runner = workerClaimBlocksOnce(claiming, claimMayReturn).add("a", "b", "c");
    LocalExecutor executor = start(LocalExecutor.threads(1), runner);
    Waits.open(claiming, "the worker to claim after its first task");

    CompletableFuture<Void> shutdown =
        CompletableFuture.runAsync(() -> executor.shutdown(Duration.ofSeconds(30)));
    assertNoThreadAlive("bt-local-dispatcher"); // shutdown has begun: claiming has stopped
    claimMayReturn.countDown();

    shutdown.get(10, TimeUnit.SECONDS);
    assertThat(runner.stoppedClaiming).isTrue(); // the runner was told too
    assertThat(runner.events).containsExactly("finished:a", "finished:b");
    assertThat(runner.releases).hasValue(0);
    assertThat(runner.claimCalls).hasValue(2); // c was never claimed
    assertNoThreadAlive("bt-local-");
  }

  @Test
  void aTaskClaimedButNotStartedWhenTheGraceEndsIsNotStarted() {
    CountDownLatch claiming = new CountDownLatch(1);
    FakeRunner runner = workerClaimBlocksOnce(claiming, endOfTest).add("a", "b");
    LocalExecutor executor = start(LocalExecutor.threads(1), runner);
    Waits.open(claiming, "the worker to claim after its first task");

    executor.shutdown(Duration.ofMillis(100)); // the interrupt ends the claim, which returns b

    // b is not known to releaseUnfinished(): its lease expires and the sweep requeues it.
    assertThat(runner.events).containsExactly("finished:a", "release");
    assertThat(runner.outstanding).hasValue(1);
    assertNoThreadAlive("bt-local-");
  }

  /** A runner whose first claim on the worker thread opens {@code claiming}, then blocks. */
  private static FakeRunner workerClaimBlocksOnce(CountDownLatch claiming, CountDownLatch until) {
    return new FakeRunner(NEVER) {
      @Override
      public List<ClaimedTask> claim(int max) {
        if (Thread.currentThread().getName().equals("bt-local-1") && claiming.getCount() > 0) {
          claiming.countDown();
          block(until);
        }
        return super.claim(max);
      }
    };
  }

  @Test
  void aTaskBlockedForeverIsReleasedThenInterrupted() {
    CountDownLatch started = new CountDownLatch(1);
    FakeRunner runner = new FakeRunner(NEVER)
        .behaviour(task -> {
          started.countDown();
          block(endOfTest);
        })
        .add("stuck");
    LocalExecutor executor = start(LocalExecutor.threads(2), runner);
    Waits.open(started, "the task to start");

    long t0 = System.nanoTime();
    executor.shutdown(Duration.ofMillis(100));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(took).isBetween(Duration.ofMillis(100), Duration.ofSeconds(2));
    assertThat(runner.releases).hasValue(1);
    assertThat(runner.events).containsExactly("release", "interrupted:stuck");
    assertNoThreadAlive("bt-local-");
  }

  @Test
  void aTaskThatIgnoresInterruptsDoesNotHoldShutdownBeyondABoundedTime() {
    CountDownLatch started = new CountDownLatch(1);
    FakeRunner runner = new FakeRunner(NEVER)
        .behaviour(task -> {
          started.countDown();
          blockUninterruptibly(endOfTest);
        })
        .add("deaf");
    LocalExecutor executor =
        start(LocalExecutor.builder().threads(1).threadNamePrefix("deaf-").build(), runner);
    Waits.open(started, "the task to start");

    long t0 = System.nanoTime();
    executor.shutdown(Duration.ZERO);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(took).isLessThan(LocalExecutor.EXIT_WAIT.plusSeconds(2));
    assertThat(runner.releases).hasValue(1);
  }

  @Test
  void theBuildersGraceReplacesTheManagers() {
    CountDownLatch started = new CountDownLatch(1);
    FakeRunner runner = new FakeRunner(NEVER)
        .behaviour(task -> {
          started.countDown();
          block(endOfTest);
        })
        .add("stuck");
    LocalExecutor executor = start(
        LocalExecutor.builder().threads(1).shutdownGrace(Duration.ofMillis(50)).build(), runner);
    Waits.open(started, "the task to start");

    long t0 = System.nanoTime();
    executor.shutdown(NEVER);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(runner.releases).hasValue(1);
  }

  @Test
  void anIdleExecutorStopsPromptlyAndReleasesNothing() {
    FakeRunner runner = new FakeRunner(NEVER).addMany("t", 10);
    LocalExecutor executor = start(LocalExecutor.threads(4), runner);
    Waits.until(() -> assertThat(runner.finished).hasSize(10));

    long t0 = System.nanoTime();
    executor.shutdown(NEVER);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    assertThat(runner.releases).hasValue(0);
    assertNoThreadAlive("bt-local-");
  }

  @Test
  void shutdownIsIdempotentAndAStoppedExecutorCannotStartAgain() {
    FakeRunner runner = new FakeRunner(NEVER);
    LocalExecutor executor = start(LocalExecutor.threads(1), runner);
    executor.shutdown(Duration.ZERO);
    executor.shutdown(Duration.ZERO);

    assertThatThrownBy(() -> executor.start(runner))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("shut down");
  }

  @Test
  void startingTwiceFails() {
    FakeRunner runner = new FakeRunner(NEVER);
    LocalExecutor executor = start(LocalExecutor.threads(1), runner);

    assertThatThrownBy(() -> executor.start(runner))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
  }

  @Test
  void shutdownBeforeStartIsAllowed() {
    LocalExecutor executor = LocalExecutor.threads(1);
    executor.shutdown(Duration.ZERO);
    assertThatThrownBy(() -> executor.start(new FakeRunner(NEVER)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aNegativeGraceIsRefused() {
    LocalExecutor executor = LocalExecutor.threads(1);
    assertThatThrownBy(() -> executor.shutdown(Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("grace: was PT-1S; accepted: zero or a positive duration");
  }

  private static void assertNoThreadAlive(String prefix) {
    Waits.until(() -> assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> t.getName().startsWith(prefix))
        .isEmpty());
  }
}
