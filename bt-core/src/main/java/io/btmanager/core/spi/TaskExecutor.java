package io.btmanager.core.spi;

import java.time.Duration;

/**
 * Supplies the threads claimed tasks run on and the cadence of claims: nothing else. The core keeps
 * every rule of {@code DESIGN.md} itself, on threads of its own: the heartbeat that keeps the leases
 * of every task this node holds (it never waits for an executor thread), the sweep of expired
 * leases, the firing of schedule entries, and the shutdown protocol (stop claiming, let the claimed
 * tasks finish within the manager's grace, release the rest to the queue).
 *
 * <p>The manager calls {@link #start} once at build and {@link #shutdown} once at close. An
 * executor's obligations: call {@link TaskRunner#claim} (or {@link TaskRunner#runAndClaimNext})
 * only for as many tasks as it has threads for, and give every claimed task to {@link
 * TaskRunner#run} or {@link TaskRunner#runAndClaimNext} until {@link #shutdown}. A task it fails
 * to run is not lost: the core releases it at shutdown, or its lease expires. {@code
 * bt-testkit}'s {@code TaskExecutorContract} checks an executor against this.
 */
public interface TaskExecutor {

  /** Starts claiming and running tasks through {@code runner}, on the executor's own threads. */
  void start(TaskRunner runner);

  /** A task was submitted on this node: look for work now rather than at the next poll. */
  default void taskSubmitted() {}

  /** The most tasks this executor runs at once (also used to estimate waits). */
  int concurrency();

  /**
   * Stops the executor's threads, waiting at most {@code timeout} for them to exit. Called once, at
   * close, after the core has stopped claiming, let the tasks finish within the grace and released
   * the rest: a task still running has been released and interrupted, and a {@link TaskRunner#run}
   * of a task not started returns at once.
   */
  void shutdown(Duration timeout);

  /**
   * True only for an executor driven by a test: the core then starts no timer of its own, and the
   * executor calls {@link TaskRunner#heartbeat}, {@link TaskRunner#sweep} and {@link
   * TaskRunner#fireDueSchedules} itself when the test says so (with a manual clock); at close the
   * core releases the node's tasks at once instead of waiting the grace for them. Default false.
   */
  default boolean drivesMaintenance() {
    return false;
  }
}
