package io.btmanager.testkit;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.List;

/**
 * An executor that runs nothing by itself: the test calls {@link #runUntilIdle()} (or {@link
 * #runNext()}) and tasks run on the test's own thread, one at a time, deterministically. Together
 * with a {@link ManualClock} it makes retries, schedules and lease expiry testable without sleeping.
 */
public final class ManualExecutor implements TaskExecutor {
  private volatile TaskRunner runner;
  private volatile boolean shutdown;

  @Override
  public void start(TaskRunner r) {
    if (runner != null) {
      throw new IllegalStateException("this ManualExecutor already serves a manager");
    }
    this.runner = r;
  }

  @Override
  public int concurrency() {
    return 1;
  }

  /**
   * Stops {@link #runUntilIdle()} from running more. (The manager has released the tasks still
   * running on threads a test started through {@link #runner()}, and interrupted them.)
   */
  @Override
  public void shutdown(Duration timeout) {
    shutdown = true;
  }

  /** True: the manager keeps no timer; {@link #runUntilIdle()} and {@link #heartbeat()} act. */
  @Override
  public boolean drivesMaintenance() {
    return true;
  }

  /**
   * Fires due schedule entries, returns expired leases to the queue, then claims and runs tasks
   * until none is runnable at the clock's current time. Runs nothing once the manager is closed.
   *
   * @return how many tasks ran
   */
  public int runUntilIdle() {
    TaskRunner r = requireStarted();
    if (shutdown) {
      return 0;
    }
    r.fireDueSchedules();
    r.sweep();
    int ran = 0;
    while (!shutdown) {
      List<ClaimedTask> claimed = r.claim(1);
      if (claimed.isEmpty()) {
        return ran;
      }
      r.run(claimed.get(0));
      ran++;
      if (ran > 1_000_000) {
        throw new IllegalStateException(
            "runUntilIdle ran a million tasks; a task keeps resubmitting");
      }
    }
    return ran;
  }

  /**
   * Claims and runs the next runnable task, if any.
   *
   * @return true when a task ran
   */
  public boolean runNext() {
    TaskRunner r = requireStarted();
    if (shutdown) {
      return false;
    }
    List<ClaimedTask> claimed = r.claim(1);
    if (claimed.isEmpty()) {
      return false;
    }
    r.run(claimed.get(0));
    return true;
  }

  /** The heartbeat of running tasks (extends leases, observes cancellation). */
  public void heartbeat() {
    requireStarted().heartbeat();
  }

  /** The runner, for tests that drive claim and run separately (e.g. a task running in a thread). */
  public TaskRunner runner() {
    return requireStarted();
  }

  private TaskRunner requireStarted() {
    TaskRunner r = runner;
    if (r == null) {
      throw new IllegalStateException("build a TaskManager with this executor first");
    }
    return r;
  }
}
