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
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> wrong = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      wrong.add(pool.submit(() -> {
        start.await();
        int bad = 0;
        for (int i = base; i < base + perThread; i++) {
          if (g.submit(i) != i * 2) {
            bad++;
          }
        }
        return bad;
      }));
    }
    start.countDown();
    for (Future<Integer> f : wrong) {
      assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
    }
    pool.shutdown();

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
}
