package io.btmanager.executor.local;

import java.time.Duration;

/**
 * The frozen settings of one {@link LocalExecutor}, validated by {@link LocalExecutorBuilder}.
 *
 * @param threads how many tasks run at once
 * @param virtual true to run tasks on virtual threads
 * @param claimBatch the most tasks one claim asks the store for
 * @param shutdownGrace the grace that replaces the manager's at shutdown, or null to use the
 *     manager's
 * @param threadNamePrefix the prefix of every thread's name
 */
record ExecutorConfig(
    int threads, boolean virtual, int claimBatch, Duration shutdownGrace, String threadNamePrefix) {

  @Override
  public String toString() {
    return "threads=" + threads + (virtual ? " (virtual)" : " (platform)")
        + ", claimBatch=" + claimBatch
        + ", shutdownGrace=" + (shutdownGrace == null ? "as the manager asks" : shutdownGrace)
        + ", threadNamePrefix='" + threadNamePrefix + "'";
  }
}
