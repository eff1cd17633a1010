package io.btmanager.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  @Test
  void lonelyCallerWritesAtOnceAndGetsItsResult() {
    AtomicInteger calls = new AtomicInteger();
    GroupCommit<Integer, String> g = new GroupCommit<>(
        batch -> {
          calls.incrementAndGet();
          return batch.stream().map(i -> "r" + i).toList();
        },
        10);

    assertThat(g.submit(7)).isEqualTo("r7");
    assertThat(g.submit(8)).isEqualTo("r8");
    assertThat(calls).hasValue(2);
  }

  @Test
  void concurrentCallersEachGetTheirOwnResultAndShareWrites() throws Exception {
    int threads = 16;
    int perThread = 2_000;
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger items = new AtomicInteger();
    AtomicInteger largest = new AtomicInteger();
    GroupCommit<Integer, Integer> g = new GroupCommit<>(
        batch -> {
          calls.incrementAndGet();
          items.addAndGet(batch.size());
          largest.accumulateAndGet(batch.size(), Math::max);
          return batch.stream().map(i -> i * 2).toList();
        },
        64);
    assertThat(wrongResults(g, threads, perThread, i -> i * 2)).isZero();

    assertThat(items).hasValue(threads * perThread);
    assertThat(largest.get()).isLessThanOrEqualTo(64);
    assertThat(calls.get()).isLessThan(threads * perThread); // writes were shared
  }

  @Test
  void aFailedWriteReachesEveryCallerOfThatBatch() {
    GroupCommit<Integer, Integer> g = new GroupCommit<>(
        batch -> {
          throw new IllegalStateException("store down");
        },
        8);

    assertThatThrownBy(() -> g.submit(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("store down");
  }

  @Test
  void anErrorInABatchReachesItsCallersAndTheCallersQueuedBehindItAreStillWritten()
      throws Exception {
    CountDownLatch firstWriting = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    GroupCommit<Integer, Integer> g = new GroupCommit<>(
        batch -> {
          if (batch.contains(0)) { // the first write holds, then dies with an Error
            firstWriting.countDown();
            await(releaseFirst);
            throw new StackOverflowError("in the batch");
          }
          return batch.stream().map(i -> i + 1).toList();
        },
        64);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<Integer> first = pool.submit(() -> g.submit(0));
      await(firstWriting);
      List<Future<Integer>> queued = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int item = i;
        queued.add(pool.submit(() -> g.submit(item)));
      }
      awaitQueued(g, 3);
      releaseFirst.countDown();

      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StackOverflowError.class);
      for (int i = 0; i < 3; i++) { // parked behind the failed write: led by one of them now
        assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 2);
      }
    } finally {
      releaseFirst.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void anErrorReachesEveryCallerOfItsBatch() throws Exception {
    CountDownLatch firstWriting = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    GroupCommit<Integer, Integer> g = new GroupCommit<>(
        batch -> {
          if (batch.contains(0)) {
            firstWriting.countDown();
            await(releaseFirst);
            return batch.stream().map(i -> i + 1).toList();
          }
          throw new AssertionError("the second batch dies");
        },
        64);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<Integer> first = pool.submit(() -> g.submit(0));
      await(firstWriting);
      List<Future<Integer>> second = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int item = i;
        second.add(pool.submit(() -> g.submit(item)));
      }
      awaitQueued(g, 3);
      releaseFirst.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      for (Future<Integer> f : second) { // one batch of three: each caller sees the Error
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(AssertionError.class)
            .hasRootCauseMessage("the second batch dies");
      }
    } finally {
      releaseFirst.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aSecondWriteStartsBesideTheFirstOnlyOnceAFullBatchWaits() throws Exception {
    CountDownLatch firstWriting = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger inProgress = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer, Integer> g = new GroupCommit<>(
        batch -> {
          mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
          try {
            batchSizes.add(batch.size());
            if (batch.contains(0)) { // the first write holds until released
              firstWriting.countDown();
              await(releaseFirst);
            }
            return batch.stream().map(i -> i + 1).toList();
          } finally {
            inProgress.decrementAndGet();
          }
        },
        64,
        2,
        4);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Future<Integer> first = pool.submit(() -> g.submit(0));
      await(firstWriting);
      // three wait while the first write is in progress: fewer than a full batch, no second write
      List<Future<Integer>> waiting = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int item = i;
        waiting.add(pool.submit(() -> g.submit(item)));
      }
      awaitQueued(g, 3);
      assertThat(mostAtOnce).hasValue(1);
      assertThat(waiting).noneMatch(Future::isDone);

      // the fourth makes a full batch: a second write carries all four while the first still holds
      waiting.add(pool.submit(() -> g.submit(4)));
      for (int i = 0; i < 4; i++) {
        assertThat(waiting.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 2);
      }
      assertThat(mostAtOnce).hasValue(2);
      assertThat(first).isNotDone();

      releaseFirst.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(batchSizes).containsExactly(1, 4);
    } finally {
      releaseFirst.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void manyCallersAcrossTwoWritersEachGetTheirOwnResultWithNeverMoreThanTwoWrites()
      throws Exception {
    int threads = 32;
    int perThread = 1_000;
    AtomicInteger inProgress = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    AtomicInteger items = new AtomicInteger();
    GroupCommit<Integer, Integer> g = new GroupCommit<>(
        batch -> {
          mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
          try {
            items.addAndGet(batch.size());
            Thread.yield(); // a write takes a moment, so that callers gather behind it
            return batch.stream().map(i -> -i).toList();
          } finally {
            inProgress.decrementAndGet();
          }
        },
        16,
        2,
        8);
    assertThat(wrongResults(g, threads, perThread, i -> -i)).isZero();

    assertThat(items).hasValue(threads * perThread);
    assertThat(mostAtOnce.get()).isBetween(1, 2);
  }

  @Test
  void refusesSettingsThatCouldNeverWrite() {
    assertThatThrownBy(() -> new GroupCommit<Integer, Integer>(b -> b, 8, 0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("writers");
  }

  /**
   * Submits {@code perThread} distinct items from each of {@code threads} threads started together;
   * returns how many results differ from {@code expected}.
   */
  private static int wrongResults(
      GroupCommit<Integer, Integer> g,
      int threads,
      int perThread,
      java.util.function.IntUnaryOperator expected)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        wrong.add(pool.submit(() -> {
          start.await();
          int bad = 0;
          for (int i = base; i < base + perThread; i++) {
            if (g.submit(i) != expected.applyAsInt(i)) {
              bad++;
            }
          }
          return bad;
        }));
      }
      start.countDown();
      int bad = 0;
      for (Future<Integer> f : wrong) {
        bad += f.get(60, TimeUnit.SECONDS);
      }
      return bad;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting for a latch");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits until {@code n} items wait in {@code g}'s queue (they park once queued). */
  private static void awaitQueued(GroupCommit<?, ?> g, int n) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> g.waiting() == n);
  }
}
