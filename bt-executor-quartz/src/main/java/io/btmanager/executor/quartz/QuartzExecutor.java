package io.btmanager.executor.quartz;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import io.btmanager.executor.quartz.internal.QuartzNode;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.simpl.RAMJobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs claimed tasks on a Quartz scheduler: the host's ({@link #using}) or one of its own ({@link
 * #threads}). It supplies threads and the claim cadence; bt-manager's store still decides who runs
 * what, and the manager's core keeps the leases, sweeps, fires schedule entries and drains and
 * releases at shutdown, on threads of its own: Quartz only lends its worker threads.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Handlers run on the Quartz pool's worker threads, at most {@link #concurrency()} at once.
 *       A worker that has run a task claims its next one itself ({@link
 *       io.btmanager.core.spi.TaskRunner#runAndClaimNext}) and runs it on the same thread, so under
 *       load a task costs one claim and no Quartz trigger.
 *   <li>The claim cadence is a Quartz job: fired by a repeating trigger every poll interval (for
 *       work submitted on other nodes), and by a one-shot trigger at once when a task is submitted
 *       on this node or a worker goes idle. It claims up to the free slots and fires one trigger
 *       per task it hands to a worker.
 *   <li>The core's heartbeat, sweep of expired leases and schedule entries never wait for a Quartz
 *       worker: a pool full of long tasks keeps their leases.
 *   <li>Schedule entries stay bt-manager's own (5-field cron with a zone, each occurrence fired
 *       once across nodes by the store); they are not turned into Quartz triggers, whose cron
 *       dialect differs.
 *   <li>Closing the manager removes bt-manager's jobs from the scheduler and shuts down only a
 *       scheduler the executor built: a host's scheduler keeps running, with its own jobs.
 * </ul>
 *
 * <p><b>A clustered Quartz scheduler is refused</b>: {@link QuartzExecutorBuilder#using} throws,
 * saying why and what to use instead. Why: this executor hands each claimed task to a Quartz worker
 * through a trigger, and a clustered job store lets whichever node acquires a trigger fire it. On
 * another node the task was never handed off, so it would not run there while it stays claimed
 * here. Every trigger would also take Quartz's cluster-wide row lock and several writes in its
 * tables: a database cost per task, for a coordination bt-manager neither needs nor may depend on
 * (Quartz finds dead nodes by clock-based check-ins and may fire a trigger twice after a database
 * outage, which would break rule 11). bt-manager's store already coordinates the nodes and fences
 * every write by a lease. What to do: give each node a scheduler that is not clustered, e.g. a
 * second scheduler of the host's with a {@link RAMJobStore} and its own instance name, or {@link
 * #threads}. A persistent job store that is not clustered works: bt-manager's jobs carry no task
 * in it, and jobs left there by a process that died are removed at the next start.
 *
 * <p>Thread-safe. {@link #start} may be called once; {@link #shutdown} any number of times.
 */
public final class QuartzExecutor implements TaskExecutor {
  private static final Logger log = LoggerFactory.getLogger(QuartzExecutor.class);

  private final Scheduler hostScheduler;
  private final int threads;
  private final int claimBatch;
  private boolean started;
  private boolean stopped;
  private volatile QuartzNode node;

  QuartzExecutor(Scheduler hostScheduler, int threads, int claimBatch) {
    this.hostScheduler = hostScheduler;
    this.threads = threads;
    this.claimBatch = claimBatch;
  }

  /**
   * An executor on a Quartz scheduler of its own with {@code n} worker threads (and one more for the
   * claim cadence), in memory, started and shut down with the manager.
   *
   * @throws InvalidInputException unless {@code 1 <= n <= }{@value QuartzExecutorBuilder#MAX_THREADS}
   */
  public static QuartzExecutor threads(int n) {
    return builder().threads(n).build();
  }

  /**
   * An executor on the host's scheduler, taking at most all of its pool's threads.
   *
   * @throws InvalidInputException as {@link QuartzExecutorBuilder#using} does
   */
  public static QuartzExecutor using(Scheduler scheduler) {
    return builder().using(scheduler).build();
  }

  /** A builder for the less common settings. */
  public static QuartzExecutorBuilder builder() {
    return new QuartzExecutorBuilder();
  }

  /**
   * Schedules the claim cadence and starts the maintenance; starts the scheduler when it is the
   * executor's own.
   *
   * @throws IllegalStateException when already started, or shut down, or Quartz refuses the jobs
   * @throws InvalidInputException when {@code runner} is null
   */
  @Override
  public synchronized void start(TaskRunner runner) {
    if (runner == null) {
      throw new InvalidInputException("runner", "was null", "the manager's TaskRunner");
    }
    if (started || stopped) {
      throw new IllegalStateException(
          stopped ? "This QuartzExecutor was shut down; build a new one" : "already started");
    }
    Scheduler scheduler = null;
    try {
      scheduler = hostScheduler != null ? hostScheduler : ownScheduler();
      node = QuartzNode.start(scheduler, hostScheduler == null, runner, threads, claimBatch);
    } catch (SchedulerException | RuntimeException e) {
      if (hostScheduler == null && scheduler != null) {
        shutdownQuietly(scheduler);
      }
      throw new IllegalStateException("Quartz could not start bt-manager's jobs: " + e, e);
    }
    started = true;
    log.info("QuartzExecutor started on node {}: {}", runner.nodeId(), this);
  }

  private Scheduler ownScheduler() throws SchedulerException {
    String name = "bt-manager-" + UUID.randomUUID();
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
    p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
    p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, RAMJobStore.class.getName());
    p.setProperty(StdSchedulerFactory.PROP_SCHED_MAX_BATCH_SIZE, Integer.toString(threads + 1));
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads + 1));
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "bt-quartz");
    return new StdSchedulerFactory(p).getScheduler();
  }

  /** Claims now, if a slot is free: a task was submitted on this node. Cheap; never blocks. */
  @Override
  public void taskSubmitted() {
    QuartzNode n = node;
    if (n != null) {
      n.taskSubmitted();
    }
  }

  /** How many tasks run at once at most. */
  @Override
  public int concurrency() {
    return threads;
  }

  /**
   * Removes bt-manager's jobs from the scheduler and waits at most {@code timeout} for this
   * executor's tasks to give their Quartz threads back (the manager has drained and released them
   * and interrupted those still running); shuts the scheduler down only when it is the executor's
   * own. A second call returns at once; a call before {@link #start} just prevents a later start.
   *
   * @throws InvalidInputException when {@code timeout} is null or negative
   */
  @Override
  public synchronized void shutdown(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new InvalidInputException("timeout", "was " + timeout, "zero or a positive duration");
    }
    if (stopped) {
      return;
    }
    stopped = true;
    if (started) {
      node.shutdown(timeout);
      log.info("QuartzExecutor stopped");
    }
  }

  private static void shutdownQuietly(Scheduler scheduler) {
    try {
      scheduler.shutdown(false);
    } catch (SchedulerException e) {
      log.warn("Could not shut down the executor's own Quartz scheduler", e);
    }
  }

  @Override
  public String toString() {
    return "QuartzExecutor[" + (hostScheduler == null ? "own scheduler" : "host's scheduler")
        + ", threads=" + threads + ", claimBatch=" + claimBatch + "]";
  }
}
