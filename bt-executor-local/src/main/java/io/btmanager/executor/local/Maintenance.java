package io.btmanager.executor.local;

import io.btmanager.core.spi.RunnerSettings;
import io.btmanager.core.spi.TaskRunner;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic calls on one daemon thread: {@link TaskRunner#heartbeat()}, {@link
 * TaskRunner#sweep()} and {@link TaskRunner#fireDueSchedules()}, each at its own interval with a
 * fixed delay (a slow call never piles up runs). A call that throws is logged and its schedule goes
 * on. Thread-safe.
 */
final class Maintenance {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  private final TaskRunner runner;
  private final ScheduledThreadPoolExecutor scheduler;
  private ScheduledFuture<?> sweeps;
  private ScheduledFuture<?> schedules;

  Maintenance(TaskRunner runner, String threadName) {
    this.runner = runner;
    this.scheduler = new ScheduledThreadPoolExecutor(1, r -> Threads.platform(threadName, r));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /** Starts the three schedules; sweeps and schedule entries are looked at once right away. */
  synchronized void start(RunnerSettings settings) {
    every(Durations.nanos(settings.heartbeatInterval()), false, "heartbeat", runner::heartbeat);
    sweeps = every(Durations.nanos(settings.sweepInterval()), true, "sweep", runner::sweep);
    schedules = every(
        Durations.nanos(settings.scheduleInterval()),
        true,
        "fireDueSchedules",
        runner::fireDueSchedules);
  }

  /** Stops sweeps and schedule entries; heartbeats go on until {@link #stop}. */
  synchronized void stopAllButHeartbeats() {
    if (sweeps != null) {
      sweeps.cancel(false);
      schedules.cancel(false);
    }
  }

  /**
   * Stops every schedule and waits up to {@code nanos} for a call in progress to return; past that
   * the call is interrupted.
   */
  void stop(long nanos) {
    scheduler.shutdown(); // the policies set above drop every periodic and delayed run
    try {
      if (!scheduler.awaitTermination(nanos, TimeUnit.NANOSECONDS)) {
        log.warn("A maintenance call was still running when the executor stopped; interrupting it");
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ScheduledFuture<?> every(long periodNanos, boolean atOnce, String name, Runnable call) {
    Runnable guarded = () -> {
      try {
        call.run();
      } catch (RuntimeException e) {
        log.error("TaskRunner.{}() threw; it will be called again", name, e);
      }
    };
    return scheduler.scheduleWithFixedDelay(
        guarded, atOnce ? 0 : periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }
}
