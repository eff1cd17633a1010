package io.btmanager.executor.local;

import io.btmanager.core.exception.InvalidInputException;

/**
 * Builds a {@link LocalExecutor}; from {@link LocalExecutor#builder()}. Every setter checks its
 * value at once and throws {@link InvalidInputException} naming the setting, what was wrong and what
 * is accepted. Not thread-safe: use one builder on one thread; the executors it builds are
 * independent of it and of each other.
 */
public final class LocalExecutorBuilder {
  /** The most threads (or concurrent virtual-thread tasks) one executor runs. */
  public static final int MAX_THREADS = 10_000;
  /** The largest claim batch. */
  public static final int MAX_CLAIM_BATCH = 1_000;
  /** The longest thread name prefix. */
  public static final int MAX_PREFIX_LENGTH = 100;

  private int threads = Runtime.getRuntime().availableProcessors();
  private boolean virtual;
  private int claimBatch = 32;
  private String threadNamePrefix = "bt-local-";

  LocalExecutorBuilder() {}

  /**
   * How many tasks run at once: the pool size. Default: the number of available processors.
   *
   * @throws InvalidInputException unless {@code 1 <= n <= }{@value #MAX_THREADS}
   */
  public LocalExecutorBuilder threads(int n) {
    if (n < 1 || n > MAX_THREADS) {
      throw new InvalidInputException("threads", "was " + n, "1 to " + MAX_THREADS);
    }
    this.threads = n;
    return this;
  }

  /**
   * Whether tasks run on virtual threads (true) or platform threads (false, the default). Virtual
   * threads exist from Java 21 on; asking for them on an older JVM fails here rather than falling
   * back silently.
   *
   * @throws InvalidInputException when {@code true} and this JVM has no virtual threads; the
   *     message names the JVM's version
   */
  public LocalExecutorBuilder virtualThreads(boolean virtual) {
    if (virtual && !Threads.virtualAvailable()) {
      throw Threads.virtualUnavailable();
    }
    this.virtual = virtual;
    return this;
  }

  /**
   * The most tasks the dispatcher's claim asks the store for when it finds work for idle workers; a
   * claim never asks for more than the free slots either. Larger batches start an idle pool with
   * fewer store round trips. (A worker that has run a task claims its next one alone.) Default 32.
   *
   * @throws InvalidInputException unless {@code 1 <= n <= }{@value #MAX_CLAIM_BATCH}
   */
  public LocalExecutorBuilder claimBatch(int n) {
    if (n < 1 || n > MAX_CLAIM_BATCH) {
      throw new InvalidInputException("claimBatch", "was " + n, "1 to " + MAX_CLAIM_BATCH);
    }
    this.claimBatch = n;
    return this;
  }

  /**
   * The prefix of the executor's thread names: workers are {@code prefix + 1 .. prefix + n}, the
   * dispatcher {@code prefix + "dispatcher"}. Default {@code
   * "bt-local-"}.
   *
   * @throws InvalidInputException when {@code prefix} is null, blank or longer than {@value
   *     #MAX_PREFIX_LENGTH} characters
   */
  public LocalExecutorBuilder threadNamePrefix(String prefix) {
    if (prefix == null || prefix.isBlank() || prefix.length() > MAX_PREFIX_LENGTH) {
      throw new InvalidInputException(
          "threadNamePrefix",
          prefix == null ? "was null" : "was '" + prefix + "'",
          "a non-blank text of at most " + MAX_PREFIX_LENGTH + " characters");
    }
    this.threadNamePrefix = prefix;
    return this;
  }

  /** A new, not yet started executor with these settings. The builder may be reused. */
  public LocalExecutor build() {
    return new LocalExecutor(new ExecutorConfig(threads, virtual, claimBatch, threadNamePrefix));
  }
}
