package io.btmanager.executor.local;

import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/** Bounded waits that dump every thread's stack when they time out. */
final class Waits {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Waits() {}

  /** Waits until {@code assertion} passes, polling every few milliseconds. */
  static void until(ThrowingRunnable assertion) {
    try {
      await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(2)).untilAsserted(assertion);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + threadDump(), e);
    }
  }

  /** Waits for {@code latch} to open. */
  static void open(CountDownLatch latch, String what) {
    try {
      if (!latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("Timed out waiting for " + what + "\n" + threadDump());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted waiting for " + what, e);
    }
  }

  static String threadDump() {
    StringBuilder out = new StringBuilder("Threads:\n");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
      out.append(info);
    }
    return out.toString();
  }
}
