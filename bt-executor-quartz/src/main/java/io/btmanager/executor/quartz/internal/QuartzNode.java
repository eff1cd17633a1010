package io.btmanager.executor.quartz.internal;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started executor on one Quartz scheduler: its two jobs (the claim cadence and the task
 * runner) in a job group of its own, and its slots. Jobs find their node through the scheduler's
 * context (kept in memory, never persisted), under the key their job data names, so a trigger left
 * in a persistent job store by a process that died finds no node and does nothing. Not API.
 * Thread-safe.
 */
public final class QuartzNode {
  private static final Logger log = LoggerFactory.getLogger(QuartzNode.class);
  /** The prefix of every node's job group and scheduler-context key. */
  static final String GROUP_PREFIX = "bt-manager:";

  private static final String NODE_KEY = "node";

  private final Scheduler scheduler;
  private final boolean ownScheduler;
  private final TaskRunner runner;
  private final int claimBatch;
  private final String group;
  private final JobKey claimKey;
  private final JobKey runKey;
  private final Slots slots;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  /** Held while claiming and handing off: shutdown takes it to know no hand-off is in flight. */
  private final ReentrantLock claiming = new ReentrantLock();
  /** Set when shutdown begins: nothing more is claimed or started. */
  private volatile boolean closing;

  private QuartzNode(
      Scheduler scheduler, boolean ownScheduler, TaskRunner runner, int concurrency, int batch) {
    this.scheduler = scheduler;
    this.ownScheduler = ownScheduler;
    this.runner = runner;
    this.claimBatch = batch;
    this.group = GROUP_PREFIX + UUID.randomUUID();
    this.claimKey = JobKey.jobKey("claim", group);
    this.runKey = JobKey.jobKey("run", group);
    this.slots = new Slots(concurrency);
  }

  /**
   * Registers a node on {@code scheduler}, schedules its claim cadence (now, then every poll
   * interval) and, when the scheduler is the executor's own, starts it.
   *
   * @throws SchedulerException when the scheduler refuses the jobs
   */
  public static QuartzNode start(
      Scheduler scheduler, boolean ownScheduler, TaskRunner runner, int concurrency, int batch)
      throws SchedulerException {
    QuartzNode node = new QuartzNode(scheduler, ownScheduler, runner, concurrency, batch);
    node.removeLeftovers();
    node.register(true);
    try {
      node.schedule();
    } catch (SchedulerException | RuntimeException e) {
      node.register(false);
      throw e;
    }
    if (ownScheduler) {
      scheduler.start();
    } else if (scheduler.isInStandbyMode()) {
      log.warn(
          "Quartz scheduler '{}' is in standby: bt-manager's tasks run once the host starts it",
          scheduler.getSchedulerName());
    }
    return node;
  }

  /**
   * Puts this node into the scheduler's context, or takes it out. The context is a plain map that
   * other nodes on the same scheduler change too: every access holds its lock.
   */
  private void register(boolean present) throws SchedulerException {
    SchedulerContext context = scheduler.getContext();
    synchronized (context) {
      if (present) {
        context.put(group, this);
      } else {
        context.remove(group);
      }
    }
  }

  /** The node a job of {@code context} belongs to, or null when it is gone. */
  static QuartzNode of(JobExecutionContext job) {
    try {
      String key = job.getMergedJobDataMap().getString(NODE_KEY);
      SchedulerContext context = job.getScheduler().getContext();
      synchronized (context) {
        return context.get(key) instanceof QuartzNode n ? n : null;
      }
    } catch (SchedulerException | ClassCastException e) {
      return null;
    }
  }

  private void schedule() throws SchedulerException {
    JobDetail claim = JobBuilder.newJob(ClaimJob.class)
        .withIdentity(claimKey)
        .usingJobData(NODE_KEY, group)
        .storeDurably()
        .build();
    JobDetail run = JobBuilder.newJob(RunJob.class)
        .withIdentity(runKey)
        .usingJobData(NODE_KEY, group)
        .storeDurably()
        .build();
    Trigger poll = TriggerBuilder.newTrigger()
        .withIdentity("poll", group)
        .forJob(claim)
        .startNow()
        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
            .withIntervalInMilliseconds(Math.max(1, runner.pollInterval().toMillis()))
            .repeatForever()
            .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
    scheduler.addJob(run, true);
    scheduler.scheduleJob(claim, poll);
  }

  /**
   * Deletes the job groups of nodes that no longer exist in this JVM: a persistent, non-clustered
   * job store keeps what a process that died had scheduled.
   */
  private void removeLeftovers() throws SchedulerException {
    SchedulerContext context = scheduler.getContext();
    for (String g : scheduler.getJobGroupNames()) {
      boolean alive;
      synchronized (context) {
        alive = context.get(g) != null;
      }
      if (g.startsWith(GROUP_PREFIX) && !alive) {
        scheduler.deleteJobs(List.copyOf(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(g))));
      }
    }
  }

  /** A local submit: claim now if a slot is free. Cheap; wake-ups coalesce. */
  public void taskSubmitted() {
    if (slots.free() > 0) {
      wake();
    }
  }

  private void wake() {
    if (!closing && wakePending.compareAndSet(false, true)) {
      try {
        scheduler.triggerJob(claimKey);
      } catch (SchedulerException e) {
        wakePending.set(false);
        log.debug("Could not fire the claim job now; the next poll claims", e);
      }
    }
  }

  /** The claim cadence (ClaimJob): claims up to the free slots and hands each task to a worker. */
  void claim() {
    wakePending.set(false); // a submit from now on fires the claim job again
    claiming.lock();
    try {
      while (!closing) {
        int wanted = Math.min(slots.free(), claimBatch);
        if (wanted <= 0 || handOff(wanted) < wanted) {
          return;
        }
      }
    } finally {
      claiming.unlock();
    }
  }

  private int handOff(int wanted) {
    List<ClaimedTask> claimed = runner.claim(wanted);
    int handed = 0;
    for (ClaimedTask task : claimed) {
      if (handed == wanted) {
        log.error("The runner returned more than the {} tasks asked; not running {}", wanted, task);
        continue;
      }
      slots.handOff(task);
      handed++;
      try {
        scheduler.triggerJob(runKey);
      } catch (SchedulerException e) {
        // the core keeps a claimed task's lease: one that no worker would pick up runs here
        log.warn(
            "Quartz refused a trigger; running task {} on the claim job's thread", task.id(), e);
        if (slots.withdraw(task)) {
          try {
            runner.run(task);
          } finally {
            slots.release();
          }
        }
      }
    }
    return handed;
  }

  /** A worker (RunJob): runs a handed-off task, then the next ones it claims, back to back. */
  void work() {
    ClaimedTask task = slots.next();
    if (task == null) {
      return; // dropped at shutdown
    }
    try {
      while (task != null && !closing) {
        task = runner.runAndClaimNext(task).orElse(null);
      }
    } finally {
      slots.release();
    }
    if (!closing) {
      wake(); // a task submitted while the last claim was in flight may have been missed
    }
  }

  /**
   * Stops the claim cadence and waits at most {@code timeout} for this node's workers to return
   * their Quartz threads: by now the core has stopped claiming, drained and released the node's
   * tasks, and interrupted those still running. Removes this node's jobs; shuts the scheduler down
   * only when it is the executor's own (without waiting for a handler that ignores interruption).
   */
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    closing = true;
    unschedule(claimKey);
    try {
      if (claiming.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        claiming.unlock(); // no claim in progress, and none will start: nothing more is handed off
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int dropped = slots.dropWaiting(); // claimed, never started: the core has released them
    if (dropped > 0) {
      log.debug("{} handed-off tasks not started; the core released them", dropped);
    }
    if (!slots.awaitIdle(Math.max(0, deadline - System.nanoTime()))) {
      log.warn("Quartz threads still running a bt-manager task that ignores interruption");
    }
    unschedule(runKey);
    removeGroup();
    try {
      register(false);
      if (ownScheduler) {
        scheduler.shutdown(false);
      }
    } catch (SchedulerException e) {
      log.warn("Could not tidy up Quartz scheduler after bt-manager", e);
    }
  }

  /**
   * Deletes whatever is left in this node's job group (a one-shot trigger's job that a wake-up
   * stored while the claim and run jobs were being removed, or a delete the job store refused),
   * trying a few times: a host's scheduler keeps no job of a closed manager.
   */
  private void removeGroup() {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        List<JobKey> left = List.copyOf(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(group)));
        if (left.isEmpty()) {
          return;
        }
        scheduler.deleteJobs(left);
      } catch (SchedulerException e) {
        if (attempt == 3) {
          log.warn("Could not remove the Quartz jobs of group {}", group, e);
        }
      }
    }
  }

  private void unschedule(JobKey key) {
    try {
      scheduler.deleteJob(key);
    } catch (SchedulerException e) {
      log.warn("Could not remove Quartz job {}", key, e);
    }
  }
}
