package io.btmanager.benchmarks;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded waits that dump every thread's stack when they time out, so a hang is explained. */
final class Waits {
  /** The longest a benchmark waits for its tasks: far beyond any healthy invocation. */
  static final long TIMEOUT_SECONDS = 60;

  private Waits() {}

  /** Waits for {@code latch} to reach zero. */
  static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      throw timedOut(what + " (" + latch.getCount() + " left)");
    }
  }

  /** Re-checks {@code condition} every few microseconds until it holds. */
  static void until(BooleanSupplier condition, String what) {
    until(condition, what, 20_000);
  }

  /**
   * Re-checks {@code condition} every {@code pauseNanos} until it holds (a condition that queries a
   * database is re-checked every few milliseconds, not microseconds).
   */
  static void until(BooleanSupplier condition, String what, long pauseNanos) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw timedOut(what);
      }
      LockSupport.parkNanos(pauseNanos);
    }
  }

  private static IllegalStateException timedOut(String what) {
    StringBuilder dump = new StringBuilder(
        "Timed out after " + TIMEOUT_SECONDS + " s waiting for " + what + "; threads:\n");
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      dump.append('"')
          .append(e.getKey().getName())
          .append("\" ")
          .append(e.getKey().getState())
          .append('\n');
      for (StackTraceElement frame : e.getValue()) {
        dump.append("    at ").append(frame).append('\n');
      }
    }
    return new IllegalStateException(dump.toString());
  }
}
