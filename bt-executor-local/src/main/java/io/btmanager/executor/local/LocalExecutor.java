package io.btmanager.executor.local;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed tasks on a bounded pool of threads in the host process. It supplies threads and the
 * claim cadence; the manager's core keeps the leases, sweeps, fires schedule entries and drains and
 * releases at shutdown.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>At most {@link #concurrency()} handlers run at once.
 *   <li>Tasks claimed by this node at once: at most {@link #concurrency()} on a store that does not
 *       batch commits (in memory). On one that does (H2, PostgreSQL), a worker whose task ran short
 *       claims up to four at its turn and runs them back to back ({@link
 *       TaskRunner#runAndClaimNext}), so at most {@code 4 * concurrency()}; each is RUNNING in the
 *       store with its lease kept by the core, and released at shutdown if it has not run.
 *   <li>A worker that has run a task claims its next one itself and runs it on the same thread, so
 *       under load each task costs one claim and no thread hand-off. Claims follow the store's order
 *       (priority, then submission order).
 *   <li>One dispatcher thread finds work for idle workers: it claims in batches of up to the free
 *       slots (capped by the claim batch) and waits, without spinning, until a local submit
 *       ({@link #taskSubmitted()}, acted on at once), a worker going idle, or the runner's poll
 *       interval (for work submitted on other nodes). A claim that throws is logged and tried again
 *       at the next poll.
 *   <li>{@link #shutdown(Duration)} (called by the manager once it has drained and released the
 *       node's tasks) stops the dispatcher and the workers, interrupting none (the core has
 *       interrupted the handlers it released; an interrupt inside the runner's write of an outcome
 *       would lose it), and returns once they have exited, or after the timeout, logging the
 *       threads still alive.
 * </ul>
 *
 * <p>Every thread is a named daemon thread: workers {@code prefix + 1 .. prefix + n} and {@code
 * prefix + "dispatcher"}. Nothing is static: executors are independent.
 *
 * <p>Thread-safe. {@link #start} may be called once; {@link #shutdown} any number of times.
 */
public final class LocalExecutor implements TaskExecutor {
  private static final Logger log = LoggerFactory.getLogger(LocalExecutor.class);
  private final ExecutorConfig config;
  private final ReentrantLock lifecycle = new ReentrantLock();
  private boolean started;
  private boolean stopped;
  /** Written last at start, after {@link #pool}: non-null means running, and pool is visible. */
  private volatile WakeSignal signal;

  private TaskRunner runner;
  private WorkerPool pool;
  private Thread dispatcher;

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
   * Starts the workers and the dispatcher.
   *
   * @throws IllegalStateException when already started, or shut down
   * @throws InvalidInputException when {@code runner} is missing, or its poll interval is not
   *     positive
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
      Duration poll = positive("runner.pollInterval", runner.pollInterval());
      String node =
          runner.nodeId(); // everything the runner answers is asked before a thread starts
      String prefix = config.threadNamePrefix();
      ThreadFactory workers =
          config.virtual() ? Threads.virtualFactory(prefix) : Threads.platformFactory(prefix);
      WakeSignal wake = new WakeSignal();
      WorkerPool newPool = new WorkerPool(runner, wake, config.threads(), workers);
      Thread newDispatcher = Threads.platform(
          prefix + "dispatcher",
          new Dispatcher(runner, newPool, wake, config.claimBatch(), Durations.nanos(poll)));
      try {
        newPool.start();
        newDispatcher.start();
      } catch (RuntimeException | Error e) { // e.g. no thread could be created: release the rest
        wake.close();
        newPool.stopTaking();
        throw e;
      }
      this.runner = runner;
      this.pool = newPool;
      this.dispatcher = newDispatcher;
      this.signal = wake;
      started = true;
      log.info("LocalExecutor started on node {}: {}", node, config);
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
   * Stops the dispatcher and the workers, interrupting none: a worker exits when its current task
   * returns (the manager has released and interrupted the tasks still running), an idle one at
   * once. Waits at most
   * {@code timeout} for the threads to exit, then logs the ones still alive (a handler that ignores
   * interruption) and returns. A second call returns when the first is done; a call before {@link
   * #start} just prevents a later start.
   *
   * @throws InvalidInputException when {@code timeout} is null or negative
   */
  @Override
  public void shutdown(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new InvalidInputException("timeout", "was " + timeout, "zero or a positive duration");
    }
    lifecycle.lock();
    try {
      if (stopped) {
        return;
      }
      stopped = true;
      if (started) {
        stopRunning(Durations.nanos(timeout));
      }
    } finally {
      lifecycle.unlock();
    }
  }

  private void stopRunning(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    signal.close();
    pool.stopTaking(); // wakes the idle workers; signal.close() woke the dispatcher
    join(dispatcher, deadline - System.nanoTime());
    String alive = pool.awaitExit(Math.max(0, deadline - System.nanoTime()));
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

  private static Duration positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new InvalidInputException(name, "was " + d, "a positive duration");
    }
    return d;
  }

  @Override
  public String toString() {
    return "LocalExecutor[" + config + "]";
  }
}
