package io.btmanager.testkit;

import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskDefinition;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ready task types for tests. Each call makes a fresh definition; register it on the manager's
 * builder. Their argument is {@link Args}: a label (so tasks with different labels are not
 * duplicates) and a number whose meaning each type gives.
 */
public final class TestTaskTypes {

  /**
   * The arguments of every test type.
   *
   * @param label makes tasks distinct (tasks with equal args are duplicates)
   * @param n a number: steps for {@link #reportsProgress}, unused elsewhere
   */
  public record Args(String label, int n) {
    public static Args of(String label) {
      return new Args(label, 0);
    }
  }

  private TestTaskTypes() {}

  /** Returns its label; does nothing else. */
  public static TaskDefinition<Args, String> succeeds(String name) {
    return TaskDefinition.of(name, Args.class, String.class)
        .handler((ctx, a) -> a.label())
        .build();
  }

  /** Always throws an {@link IOException}; no retries. */
  public static TaskDefinition<Args, String> alwaysFails(String name) {
    return TaskDefinition.of(name, Args.class, String.class)
        .handler((ctx, a) -> {
          throw new IOException("the file '" + a.label() + "' cannot be read");
        })
        .build();
  }

  /**
   * Fails its first {@code failures} attempts of each task (IOException), then succeeds; retries
   * up to {@code failures + 1} attempts with a one-second backoff and no jitter.
   */
  public static TaskDefinition<Args, String> failsThenSucceeds(String name, int failures) {
    ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    return TaskDefinition.of(name, Args.class, String.class)
        .retry(RetryPolicy.exponential(failures + 1, Duration.ofSeconds(1)).withJitter(0))
        .handler((ctx, a) -> {
          int n =
              attempts.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
          if (n <= failures) {
            throw new IOException("attempt " + n + " of '" + a.label() + "' failed on purpose");
          }
          return a.label();
        })
        .build();
  }

  /** Reports progress {@code 1..n} of {@code n} steps, then succeeds. */
  public static TaskDefinition<Args, String> reportsProgress(String name) {
    return TaskDefinition.of(name, Args.class, String.class)
        .handler((ctx, a) -> {
          for (int i = 1; i <= a.n(); i++) {
            ctx.progress(i, a.n(), "step " + i + " of " + a.n());
          }
          return a.label();
        })
        .build();
  }

  /**
   * Counts down {@code started} when it starts, then waits until it is cancelled (interrupted), and
   * ends cancelled. Use with an executor running on its own threads.
   */
  public static TaskDefinition<Args, String> hangsUntilCancelled(
      String name, CountDownLatch started) {
    return TaskDefinition.of(name, Args.class, String.class)
        .handler((ctx, a) -> {
          started.countDown();
          new CountDownLatch(1).await(); // only an interrupt ends this
          return a.label();
        })
        .build();
  }
}
