package io.btmanager.testkit.contract;

import static org.awaitility.Awaitility.await;

import io.btmanager.core.spi.TaskStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/** Waits, concurrency and store plumbing shared by the groups of {@link TaskManagerContract}. */
final class ManagerFixtures {

  /** The bound of every wait in the suite. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private ManagerFixtures() {}

  /**
   * Waits until {@code check} passes, polling every 10 ms for at most {@link #WAIT}; on timeout
   * fails with the last assertion error and a dump of every thread.
   */
  static void eventually(String what, ThrowingRunnable check) {
    try {
      await(what)
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .untilAsserted(check);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "waited " + WAIT + " for: " + what + "\n" + e.getMessage() + "\n" + threadDump(), e);
    }
  }

  /** Waits for a latch within {@link #WAIT}, failing with a thread dump otherwise. */
  static void awaitLatch(String what, CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("waited " + WAIT + " for: " + what + "\n" + threadDump());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for: " + what, e);
    }
  }

  /** Joins {@code thread} within {@link #WAIT}, failing with a thread dump otherwise. */
  static void join(Thread thread) {
    try {
      thread.join(WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while joining " + thread.getName(), e);
    }
    if (thread.isAlive()) {
      throw new AssertionError("waited " + WAIT + " for " + thread.getName() + "\n" + threadDump());
    }
  }

  /**
   * Runs {@code action(0..threads-1)} on {@code threads} threads released together by a latch, and
   * returns the results in index order. Every wait is bounded.
   */
  static <T> List<T> racing(int threads, IntFunction<T> action) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "contract-racer");
      t.setDaemon(true);
      return t;
    });
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          return action.apply(index);
        }));
      }
      awaitLatch("all " + threads + " racers ready", ready);
      go.countDown();
      List<T> results = new ArrayList<>(threads);
      long deadline = System.nanoTime() + WAIT.toNanos();
      for (Future<T> f : futures) {
        results.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      }
      return results;
    } catch (Exception e) {
      throw new AssertionError(
          "a racer failed or did not finish within " + WAIT + "\n" + threadDump(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A view of {@code store} whose {@code close()} does nothing, so that several managers can share
   * one store and a closed manager leaves it readable; the suite closes the store itself.
   */
  static TaskStore keptOpen(TaskStore store) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "kept open: " + store;
        };
      }
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        return null;
      }
      try {
        return method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (TaskStore) Proxy.newProxyInstance(
        TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class}, handler);
  }

  static String threadDump() {
    StringBuilder s = new StringBuilder("thread dump:\n");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
      s.append('"')
          .append(info.getThreadName())
          .append("\" ")
          .append(info.getThreadState())
          .append('\n');
      for (StackTraceElement e : info.getStackTrace()) {
        s.append("\tat ").append(e).append('\n');
      }
    }
    return s.toString();
  }
}
