package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.RunnerSettings;
import java.time.Duration;
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
    FakeRunner runner = new FakeRunner(new RunnerSettings(NEVER, Duration.ofMillis(10), NEVER,
        NEVER))
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
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
  }

  @Test
  void startingTwiceFails() {
    FakeRunner runner = new FakeRunner(NEVER);
    LocalExecutor executor = start(LocalExecutor.threads(1), runner);

    assertThatThrownBy(() -> executor.start(runner))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
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
