package io.btmanager.core.internal;

import io.btmanager.core.spi.TaskExecutor;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of rule 11, whatever the executor: the heartbeat on a thread of its own (it never
 * waits for an executor thread, nor for a slow sweep), the sweep of expired leases and the firing of
 * due schedule entries on another, and the shutdown protocol: stop claiming, let the claimed tasks
 * finish within the grace, release what did not, and only then stop the executor's threads.
 */
final class WorkLoop {
  private static final Logger LOG = LoggerFactory.getLogger(WorkLoop.class);

  /** How long a released handler is given to end by itself, and the executor's threads to exit. */
  static final Duration EXIT_WAIT = Duration.ofSeconds(2);

  private final EngineConfig config;
  private final Worker worker;
  private final TaskExecutor executor;
  private ScheduledThreadPoolExecutor heartbeats;
  private ScheduledThreadPoolExecutor maintenance;

  WorkLoop(EngineConfig config, Worker worker, TaskExecutor executor) {
    this.config = config;
    this.worker = worker;
    this.executor = executor;
  }

  /** Starts the executor, then the timers (unless the executor drives them). */
  void start() {
    executor.start(worker); // first: an executor that refuses to start leaves no timer behind
    if (!executor.drivesMaintenance()) {
      heartbeats = timer("bt-heartbeat-");
      maintenance = timer("bt-maintenance-");
      every(heartbeats, config.heartbeat(), false, "heartbeat", worker::heartbeat);
      every(maintenance, config.sweep(), true, "sweep", worker::sweep);
      every(maintenance, config.scheduleCheck(), true, "schedules", worker::fireDueSchedules);
    }
  }

  /**
   * Stops the node: claims nothing more, waits up to the grace for the tasks it holds to finish
   * (heartbeats go on), releases the rest to the queue without counting their attempt (a handler
   * that returns meanwhile keeps its outcome), then shuts the executor down.
   */
  void stop() {
    worker.stopClaiming();
    Claims claims = worker.claims();
    stopTimer(maintenance);
    // a test's executor runs nothing by itself: waiting for its tasks would only wait the grace
    long grace = executor.drivesMaintenance() ? 0 : config.shutdownGrace().toNanos();
    if (!claims.awaitEmpty(grace)) {
      LOG.warn(
          "{} task(s) still held after the grace of {}: releasing them to the queue",
          claims.size(),
          config.shutdownGrace());
    }
    claims.releaseAll(
        EXIT_WAIT); // also when none is held: a claim in flight is released on arrival
    stopTimer(heartbeats);
    try {
      executor.shutdown(EXIT_WAIT);
    } catch (RuntimeException e) {
      LOG.error("the executor's shutdown threw", e);
    }
  }

  private ScheduledThreadPoolExecutor timer(String prefix) {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, prefix + config.nodeId());
      th.setDaemon(true);
      return th;
    });
    t.setRemoveOnCancelPolicy(true);
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    t.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    return t;
  }

  /** Runs {@code call} every {@code period} with a fixed delay; a throw is logged, not fatal. */
  private static void every(
      ScheduledThreadPoolExecutor timer,
      Duration period,
      boolean atOnce,
      String name,
      Runnable call) {
    long nanos = period.toNanos();
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            call.run();
          } catch (RuntimeException e) {
            LOG.error("the {} failed; it runs again at its next time", name, e);
          }
        },
        atOnce ? 0 : nanos,
        nanos,
        TimeUnit.NANOSECONDS);
  }

  private static void stopTimer(ScheduledThreadPoolExecutor timer) {
    if (timer == null) {
      return;
    }
    timer.shutdown();
    try {
      if (!timer.awaitTermination(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      timer.shutdownNow();
    }
  }
}
