package io.btmanager.testkit.contract;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/** The one concurrency harness of the contract suites: racers released together by one latch. */
final class Racing {
  /** The bound of every wait. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private Racing() {}

  /**
   * Runs {@code action(0..threads-1)} on {@code threads} threads released at once by one latch, and
   * returns the results in thread order. Every wait is bounded by {@link #WAIT}; a timeout fails
   * with a thread dump, an exception in an action is rethrown.
   */
  static <T> List<T> race(int threads, IntFunction<T> action) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<T>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        int n = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          if (!go.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("never released");
          }
          return action.apply(n);
        }));
      }
      if (!ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("threads did not start within " + WAIT + "\n" + threadDump());
      }
      go.countDown();
      long deadline = System.nanoTime() + WAIT.toNanos();
      List<T> results = new ArrayList<>(threads);
      for (Future<T> f : futures) {
        try {
          results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          throw new AssertionError(
              "threads did not finish within " + WAIT + "\n" + threadDump(), e);
        } catch (ExecutionException e) {
          throw new AssertionError("a thread failed: " + e.getCause(), e.getCause());
        }
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      pool.shutdownNow();
      try {
        if (!pool.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
          System.err.println("pool did not terminate\n" + threadDump());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The stacks of every live thread, for timeout messages. */
  static String threadDump() {
    StringBuilder sb = new StringBuilder("thread dump:\n");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      sb.append(info);
    }
    return sb.toString();
  }
}
