package io.btmanager.executor.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;

/** Starts executors for a test and always shuts them down after it. */
abstract class ExecutorTestSupport {
  /** Opened at the end of every test, so no task a test blocked outlives it. */
  final CountDownLatch endOfTest = new CountDownLatch(1);

  private final List<LocalExecutor> started = new ArrayList<>();

  LocalExecutor start(LocalExecutor executor, FakeRunner runner) {
    started.add(executor);
    executor.start(runner);
    return executor;
  }

  @AfterEach
  void shutDownEverything() {
    endOfTest.countDown();
    for (LocalExecutor executor : started) {
      executor.shutdown(Duration.ofSeconds(5));
    }
  }

  /** Blocks until {@code latch} opens; on interruption records it and returns, flag set. */
  static void block(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks until {@code latch} opens, ignoring interruption (a handler that never listens). */
  static void blockUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (latch.getCount() > 0) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
