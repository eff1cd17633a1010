package io.btmanager.executor.quartz;

import io.btmanager.core.exception.InvalidInputException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerMetaData;

/**
 * Builds a {@link QuartzExecutor}; from {@link QuartzExecutor#builder()}. Tasks run either on the
 * host's scheduler ({@link #using}) or on one the executor builds, starts and shuts down itself (the
 * default). Every setter checks its value at once and throws {@link InvalidInputException} naming
 * the setting, what was wrong and what is accepted; {@link #build()} checks them together. Not
 * thread-safe; the executors it builds are independent of it and of each other.
 */
public final class QuartzExecutorBuilder {
  /** The most tasks one executor runs at once. */
  public static final int MAX_THREADS = 10_000;
  /** The largest claim batch. */
  public static final int MAX_CLAIM_BATCH = 1_000;

  private Integer threads;
  private Scheduler scheduler;
  private int claimBatch = 32;

  QuartzExecutorBuilder() {}

  /**
   * Runs tasks on the host's Quartz scheduler, on the worker threads of its pool. The host starts and
   * shuts it down: closing the manager only removes bt-manager's jobs from it, and tasks run once it
   * is started. Close the manager before shutting the scheduler down (tasks this node claimed would
   * otherwise wait for the manager's close to be released). The scheduler must be local (not a remote RMI stub: its jobs would run in another
   * process), not shut down, and not clustered (see {@link QuartzExecutor} for why).
   *
   * @throws InvalidInputException when {@code scheduler} is null, remote, shut down, clustered, or
   *     its metadata cannot be read; the message says why and what to do instead
   */
  public QuartzExecutorBuilder using(Scheduler scheduler) {
    if (scheduler == null) {
      throw new InvalidInputException("scheduler", "was null", "the host's Quartz Scheduler");
    }
    SchedulerMetaData meta = metaData(scheduler);
    String name = "'" + meta.getSchedulerName() + "'";
    if (meta.isSchedulerRemote()) {
      throw new InvalidInputException(
          "scheduler",
          "Quartz scheduler " + name + " is a remote (RMI) scheduler: its jobs would run in"
              + " another process, away from this manager",
          "a scheduler running in this JVM, or QuartzExecutor.threads(n)");
    }
    if (meta.isShutdown()) {
      throw new InvalidInputException(
          "scheduler", "Quartz scheduler " + name + " is shut down", "a scheduler not shut down");
    }
    if (meta.isJobStoreClustered()) {
      throw new InvalidInputException(
          "scheduler",
          "Quartz scheduler " + name + " is clustered ("
              + meta.getJobStoreClass().getSimpleName()
              + " with isClustered): Quartz would fire this node's triggers on any node of its"
              + " cluster, where no task was handed off, and would take its cluster-wide lock for"
              + " every task; bt-manager coordinates its nodes through its own store instead",
          "a non-clustered scheduler of this JVM, e.g. a second one of the host's with"
              + " org.quartz.jobStore.class=org.quartz.simpl.RAMJobStore and its own instanceName,"
              + " or QuartzExecutor.threads(n)");
    }
    this.scheduler = scheduler;
    return this;
  }

  /**
   * How many tasks run at once. On the executor's own scheduler, its pool size (plus one thread for
   * the claim cadence), default the number of available processors. On the host's ({@link
   * #using}), how many of its pool's threads bt-manager's tasks may take at once, at most its pool
   * size, which is the default.
   *
   * @throws InvalidInputException unless {@code 1 <= n <= }{@value #MAX_THREADS}
   */
  public QuartzExecutorBuilder threads(int n) {
    if (n < 1 || n > MAX_THREADS) {
      throw new InvalidInputException("threads", "was " + n, "1 to " + MAX_THREADS);
    }
    this.threads = n;
    return this;
  }

  /**
   * The most tasks the claim cadence asks the store for at once (never more than the free slots).
   * Default 32.
   *
   * @throws InvalidInputException unless {@code 1 <= n <= }{@value #MAX_CLAIM_BATCH}
   */
  public QuartzExecutorBuilder claimBatch(int n) {
    if (n < 1 || n > MAX_CLAIM_BATCH) {
      throw new InvalidInputException("claimBatch", "was " + n, "1 to " + MAX_CLAIM_BATCH);
    }
    this.claimBatch = n;
    return this;
  }

  /**
   * A new, not yet started executor with these settings.
   *
   * @throws InvalidInputException when {@link #threads} exceeds the pool of the host's scheduler
   */
  public QuartzExecutor build() {
    int n;
    if (scheduler == null) {
      n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    } else {
      int pool = metaData(scheduler).getThreadPoolSize();
      if (threads != null && threads > pool) {
        throw new InvalidInputException(
            "threads",
            "was " + threads + " but the host's Quartz pool has " + pool + " threads",
            "1 to " + pool + ", or a larger org.quartz.threadPool.threadCount");
      }
      n = threads != null ? threads : pool;
    }
    return new QuartzExecutor(scheduler, n, claimBatch);
  }

  private static SchedulerMetaData metaData(Scheduler scheduler) {
    try {
      return scheduler.getMetaData();
    } catch (SchedulerException e) {
      InvalidInputException bad = new InvalidInputException(
          "scheduler", "its metadata could not be read: " + e.getMessage(), "a working scheduler");
      bad.initCause(e);
      throw bad;
    }
  }
}
