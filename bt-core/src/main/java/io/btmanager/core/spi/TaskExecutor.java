package io.btmanager.core.spi;

import java.time.Duration;

/**
 * Decides when and on which threads claimed tasks run and when schedule entries fire. The manager
 * calls {@link #start} once at build and {@link #shutdown} once at close.
 */
public interface TaskExecutor {

  /** Starts claiming and running tasks through {@code runner}. */
  void start(TaskRunner runner);

  /** A task was submitted on this node: look for work now rather than at the next poll. */
  default void taskSubmitted() {}

  /** How many tasks this executor runs at once (used to estimate waits). */
  int concurrency();

  /**
   * Stops claiming, lets running tasks finish for up to {@code grace}, then releases the rest back
   * to the queue with {@link TaskRunner#releaseUnfinished()} and interrupts them. Returns when done.
   */
  void shutdown(Duration grace);
}
