package io.btmanager.executor.local;

/**
 * The frozen settings of one {@link LocalExecutor}, validated by {@link LocalExecutorBuilder}.
 *
 * @param threads how many tasks run at once
 * @param virtual true to run tasks on virtual threads
 * @param claimBatch the most tasks one claim asks the store for
 * @param threadNamePrefix the prefix of every thread's name
 */
record ExecutorConfig(int threads, boolean virtual, int claimBatch, String threadNamePrefix) {

  @Override
  public String toString() {
    return "threads=" + threads + (virtual ? " (virtual)" : " (platform)")
        + ", claimBatch=" + claimBatch
        + ", threadNamePrefix='" + threadNamePrefix + "'";
  }
}
