package io.btmanager.executor.quartz.internal;

import io.btmanager.core.spi.RunnerSettings;
import io.btmanager.core.spi.TaskRunner;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's periodic calls (heartbeat, sweep, schedule entries) on one daemon thread of its own,
 * never on a Quartz worker: a Quartz pool full of long tasks cannot delay a heartbeat, so their
 * leases do not expire. Each call runs with a fixed delay; one that throws is logged and called
 * again at its next time. Thread-safe.
 */
final class Maintenance {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  private final TaskRunner runner;
  private final ScheduledThreadPoolExecutor timer;
  private ScheduledFuture<?> sweeps;
  private ScheduledFuture<?> schedules;

  Maintenance(TaskRunner runner, String threadName) {
    this.runner = runner;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  synchronized void start(RunnerSettings s) {
    every(s.heartbeatInterval().toNanos(), false, "heartbeat", runner::heartbeat);
    sweeps = every(s.sweepInterval().toNanos(), true, "sweep", runner::sweep);
    schedules =
        every(s.scheduleInterval().toNanos(), true, "fireDueSchedules", runner::fireDueSchedules);
  }

  /** Stops sweeps and schedule entries; heartbeats go on until {@link #stop}. */
  synchronized void stopAllButHeartbeats() {
    sweeps.cancel(false);
    schedules.cancel(false);
  }

  /** Stops every call, waiting up to {@code nanos} for one in progress, then interrupting it. */
  void stop(long nanos) {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(nanos, TimeUnit.NANOSECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ScheduledFuture<?> every(long nanos, boolean atOnce, String name, Runnable call) {
    return timer.scheduleWithFixedDelay(
        () -> {
          try {
            call.run();
          } catch (RuntimeException e) {
            log.error("TaskRunner.{}() threw; it will be called again", name, e);
          }
        },
        atOnce ? 0 : nanos,
        nanos,
        TimeUnit.NANOSECONDS);
  }
}
