package io.btmanager.executor.local;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.RunnerSettings;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed tasks on a bounded pool of threads in the host process, and fires schedule entries.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>At most {@link #concurrency()} tasks are claimed and not yet finished at any moment, so at
 *       most that many run at once. Which tasks are claimed (priority, then submission order) is
 *       the store's business.
 *   <li>A worker that has run a task claims its next one itself ({@code claim(1)}) and runs it on
 *       the same thread, so under load each task costs one claim and no thread hand-off. Claims
 *       run in the store's order (priority, then submission order), and a worker starts what it
 *       claimed at once: nothing is buffered beyond the free slots.
 *   <li>One dispatcher thread finds work for idle workers: it claims in batches of up to the free
 *       slots (capped by the claim batch) and waits, without spinning, until a local submit
 *       ({@link #taskSubmitted()}, acted on at once), a worker going idle, or the runner's poll
 *       interval (for work submitted on other nodes).
 *   <li>One maintenance thread calls {@link TaskRunner#heartbeat()}, {@link TaskRunner#sweep()} and
 *       {@link TaskRunner#fireDueSchedules()} at the runner's intervals; a call that throws is
 *       logged and called again at its next time.
 *   <li>{@link #shutdown(Duration)} stops claiming, lets running tasks finish within the grace
 *       (heartbeats go on meanwhile), then releases the unfinished ones back to the queue and
 *       interrupts them, and returns after a bounded wait for the threads to exit. A task claimed
 *       just before shutdown is run within the grace; one that has not started when the grace
 *       ends is not started (the runner's release knows only started tasks): its lease expires
 *       and the sweep returns it to the queue.
 * </ul>
 *
 * <p>Every thread is a named daemon thread: workers {@code prefix + 1 .. prefix + n}, {@code prefix
 * + "dispatcher"} and {@code prefix + "maintenance"}. Nothing is static: executors are independent.
 *
 * <p>Thread-safe. {@link #start} may be called once; {@link #shutdown} any number of times.
 */
public final class LocalExecutor implements TaskExecutor {
  private static final Logger log = LoggerFactory.getLogger(LocalExecutor.class);
  /** How long, after the interrupt, shutdown waits for worker threads to exit. */
  static final Duration EXIT_WAIT = Duration.ofSeconds(2);

  private final ExecutorConfig config;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private boolean started;
  private boolean stopped;
  /** Written last at start, after {@link #pool}: non-null means running, and pool is visible. */
  private volatile WakeSignal signal;

  private TaskRunner runner;
  private WorkerPool pool;
  private Thread dispatcher;
  private Maintenance maintenance;

  LocalExecutor(ExecutorConfig config) {
    this.config = config;
  }

  /**
   * An executor of {@code n} platform threads, with the other settings at their defaults.
   *
   * @throws InvalidInputException unless {@code 1 <= n <= }{@value LocalExecutorBuilder#MAX_THREADS}
   */
  public static LocalExecutor threads(int n) {
    return builder().threads(n).build();
  }

  /**
   * An executor that runs each task on a virtual thread, at most {@code maxConcurrent} at once.
   * Needs Java 21 or later at run time; there is no silent fallback to platform threads.
   *
   * @throws InvalidInputException when this JVM has no virtual threads (the message names its
   *     version), or unless {@code 1 <= maxConcurrent <= }{@value LocalExecutorBuilder#MAX_THREADS}
   */
  public static LocalExecutor virtualThreads(int maxConcurrent) {
    return builder().threads(maxConcurrent).virtualThreads(true).build();
  }

  /** A builder for the less common settings. */
  public static LocalExecutorBuilder builder() {
    return new LocalExecutorBuilder();
  }

  /**
   * Starts the workers, the dispatcher and the maintenance schedules.
   *
   * @throws IllegalStateException when already started, or shut down
   * @throws InvalidInputException when {@code runner} or one of its settings is missing, or an
   *     interval is not positive
   */
  @Override
  public void start(TaskRunner runner) {
    if (runner == null) {
      throw new InvalidInputException("runner", "was null", "the manager's TaskRunner");
    }
    lifecycle.lock();
    try {
      if (started || stopped) {
        throw new IllegalStateException(
            stopped
                ? "This LocalExecutor was shut down; build a new one"
                : "LocalExecutor already started");
      }
      RunnerSettings settings = checked(runner.settings());
      String prefix = config.threadNamePrefix();
      ThreadFactory workers =
          config.virtual() ? Threads.virtualFactory(prefix) : Threads.platformFactory(prefix);
      WakeSignal wake = new WakeSignal();
      this.runner = runner;
      this.pool = new WorkerPool(runner, wake, config.threads(), workers);
      this.dispatcher = Threads.platform(
          prefix + "dispatcher",
          new Dispatcher(
              runner, pool, wake, config.claimBatch(), Durations.nanos(settings.pollInterval())));
      this.maintenance = new Maintenance(runner, prefix + "maintenance");
      pool.start();
      dispatcher.start();
      maintenance.start(settings);
      this.signal = wake;
      started = true;
      log.info("LocalExecutor started on node {}: {}", runner.nodeId(), config);
    } finally {
      lifecycle.unlock();
    }
  }

  /**
   * Wakes the dispatcher to claim now, if a worker is idle. Cheap, never blocks; does nothing unless
   * running. When every slot is taken nobody is woken: each busy worker claims again when its task
   * returns, and one whose claim raced with this submit and came back empty wakes the dispatcher as
   * it frees its slot (the submit was stored before this call, and the slot is freed after that
   * claim), so the task is claimed without waiting for a poll.
   */
  @Override
  public void taskSubmitted() {
    WakeSignal s = signal;
    if (s != null && pool.freeSlots() > 0) {
      s.wake();
    }
  }

  /** The pool size: how many tasks run at once at most. */
  @Override
  public int concurrency() {
    return config.threads();
  }

  /**
   * Stops claiming and waits up to the grace (the builder's {@code shutdownGrace} when set, else
   * {@code grace}) for claimed tasks to finish, with heartbeats going on. If some have not, calls
   * {@link TaskRunner#releaseUnfinished()} and interrupts them. Then waits at most two seconds for
   * the threads to exit and returns. A second call returns when the first is done; a call before
   * {@link #start} just prevents a later start.
   *
   * @throws InvalidInputException when {@code grace} is null or negative
   */
  @Override
  public void shutdown(Duration grace) {
    if (grace == null || grace.isNegative()) {
      throw new InvalidInputException("grace", "was " + grace, "zero or a positive duration");
    }
    lifecycle.lock();
    try {
      if (stopped) {
        return;
      }
      stopped = true;
      if (started) {
        stopRunning(config.shutdownGrace() != null ? config.shutdownGrace() : grace);
      }
    } finally {
      lifecycle.unlock();
    }
  }

  private void stopRunning(Duration grace) {
    log.info("LocalExecutor stopping: up to {} for running tasks to finish", grace);
    long deadline = System.nanoTime() + Durations.nanos(grace);
    long exitWait = Durations.nanos(EXIT_WAIT);
    runner.stopClaiming(); // no new task starts, on the dispatcher or on a worker between tasks
    pool.stopClaiming(); // before the dispatcher may exit: once it has, no worker claims either
    signal.close();
    // The dispatcher exits at once unless it is inside a claim: give it the grace, but at least
    // the exit wait, so that a zero grace does not release tasks for nothing.
    join(dispatcher, Math.max(deadline - System.nanoTime(), exitWait));
    maintenance.stopAllButHeartbeats();
    boolean idle = !dispatcher.isAlive() && pool.awaitIdle(deadline - System.nanoTime());
    maintenance.stop(exitWait);
    pool.stopTaking();
    if (!idle) {
      log.warn(
          "Tasks still running after {}: releasing them to the queue and interrupting them", grace);
      try {
        runner.releaseUnfinished();
      } catch (RuntimeException e) {
        log.error("TaskRunner.releaseUnfinished() threw; the leases will expire instead", e);
      }
    }
    pool.interruptAll();
    dispatcher.interrupt();
    String alive = pool.awaitExit(exitWait);
    if (!alive.isEmpty()) {
      log.warn("Worker threads still running a task that ignores interruption: {}", alive);
    }
    log.info("LocalExecutor stopped");
  }

  private static void join(Thread thread, long nanos) {
    try {
      if (nanos > 0) {
        TimeUnit.NANOSECONDS.timedJoin(thread, nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static RunnerSettings checked(RunnerSettings s) {
    if (s == null) {
      throw new InvalidInputException("runner.settings", "was null", "the runner's timing");
    }
    positive("pollInterval", s.pollInterval());
    positive("heartbeatInterval", s.heartbeatInterval());
    positive("sweepInterval", s.sweepInterval());
    positive("scheduleInterval", s.scheduleInterval());
    return s;
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new InvalidInputException("settings." + name, "was " + d, "a positive duration");
    }
  }

  @Override
  public String toString() {
    return "LocalExecutor[" + config + "]";
  }
}
