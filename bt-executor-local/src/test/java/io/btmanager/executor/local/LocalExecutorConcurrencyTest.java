package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LocalExecutorConcurrencyTest extends ExecutorTestSupport {

  @Test
  void runsExactlyNTasksAtOnceAndNeverMore() {
    CountDownLatch release = new CountDownLatch(1);
    FakeRunner runner =
        new FakeRunner(Duration.ofMillis(50)).behaviour(task -> block(release)).addMany("t", 20);
    start(LocalExecutor.threads(3), runner);

    Waits.until(() -> assertThat(runner.running).hasValue(3));
    assertThat(runner.outstanding).hasValue(3); // nothing claimed beyond the free slots
    release.countDown();

    Waits.until(() -> assertThat(runner.finished).hasSize(20));
    assertThat(runner.maxRunning).hasValue(3);
    assertThat(runner.maxOutstanding).hasValue(3);
    assertThat(runner.maxClaimAsked.get()).isLessThanOrEqualTo(3);
  }

  @Test
  void claimsAreCappedByTheClaimBatch() {
    CountDownLatch release = new CountDownLatch(1);
    FakeRunner runner =
        new FakeRunner(Duration.ofMillis(50)).behaviour(task -> block(release)).addMany("t", 40);
    start(LocalExecutor.builder().threads(16).claimBatch(4).build(), runner);

    Waits.until(() -> assertThat(runner.running).hasValue(16));
    release.countDown();
    Waits.until(() -> assertThat(runner.finished).hasSize(40));
    assertThat(runner.maxClaimAsked).hasValue(4);
    assertThat(runner.maxRunning).hasValue(16);
  }

  @Test
  void runsManyShortTasksEachExactlyOnce() {
    FakeRunner runner = new FakeRunner(Duration.ofHours(1)).addMany("t", 20_000);
    start(LocalExecutor.threads(4), runner);

    Waits.until(() -> assertThat(runner.finished).hasSize(20_000));
    assertThat(new HashSet<>(runner.finished)).hasSize(20_000);
    assertThat(runner.maxOutstanding.get()).isLessThanOrEqualTo(4);
  }

  @Test
  void workersAreNamedDaemonThreads() {
    CountDownLatch release = new CountDownLatch(1);
    FakeRunner runner =
        new FakeRunner(Duration.ofMillis(50)).behaviour(task -> block(release)).addMany("t", 2);
    start(LocalExecutor.builder().threads(2).threadNamePrefix("pool-a-").build(), runner);

    Waits.until(() -> assertThat(runner.running).hasValue(2));
    assertThat(runner.runThreads).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    assertThat(runner.runThreads)
        .extracting(Thread::getName)
        .containsExactlyInAnyOrder("pool-a-1", "pool-a-2");
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .contains("pool-a-dispatcher", "pool-a-maintenance");
    release.countDown();
  }

  @Test
  void concurrencyIsThePoolSize() {
    assertThat(LocalExecutor.threads(7).concurrency()).isEqualTo(7);
    assertThat(LocalExecutor.builder().threads(12).build().concurrency()).isEqualTo(12);
  }

  @Test
  void twoExecutorsShareNothing() {
    FakeRunner a = new FakeRunner(Duration.ofHours(1)).addMany("a", 100);
    FakeRunner b = new FakeRunner(Duration.ofHours(1)).addMany("b", 100);
    start(LocalExecutor.builder().threads(2).threadNamePrefix("exec-a-").build(), a);
    start(LocalExecutor.builder().threads(2).threadNamePrefix("exec-b-").build(), b);

    Waits.until(() -> {
      assertThat(a.finished).hasSize(100);
      assertThat(b.finished).hasSize(100);
    });
    assertThat(a.runThreads).allSatisfy(t -> assertThat(t.getName()).startsWith("exec-a-"));
    assertThat(b.runThreads).allSatisfy(t -> assertThat(t.getName()).startsWith("exec-b-"));
  }
}
