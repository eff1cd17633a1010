package io.btmanager.benchmarks;

import java.util.concurrent.CountDownLatch;

/** JobRunr's no-op job: a static method its job lambda calls (JobRunr stores the call by name). */
public final class JobRunrNoop {
  /** The current batch's latch. */
  static volatile CountDownLatch done = new CountDownLatch(0);

  private JobRunrNoop() {}

  /** Counts down the batch's latch. */
  public static void run(long n) {
    if (n >= 0) {
      done.countDown();
    }
  }
}
