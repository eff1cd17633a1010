package io.btmanager.core.memory;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs callables on their own threads, released together by a latch; every wait is bounded and a
 * timeout fails the test with every thread's stack.
 */
final class Race {

  private static final long TIMEOUT_SECONDS = 30;

  private Race() {}

  static <T> List<T> run(List<Callable<T>> contenders) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(contenders.size());
    try {
      CountDownLatch ready = new CountDownLatch(contenders.size());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> contender : contenders) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          if (!go.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new TimeoutException("never released");
          }
          return contender.call();
        }));
      }
      if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("contenders did not start\n" + stacks());
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        try {
          results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
          fail("a contender did not finish in " + TIMEOUT_SECONDS + " s\n" + stacks());
        } catch (ExecutionException e) {
          throw new AssertionError("a contender failed", e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String stacks() {
    StringBuilder dump = new StringBuilder();
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
    return dump.toString();
  }
}
