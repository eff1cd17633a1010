package io.btmanager.core.memory;

import io.btmanager.core.spi.WorkQueue;
import io.btmanager.core.task.Execution;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest successful run times of each type ({@link WorkQueue#RUN_TIME_SAMPLE} at most), whose
 * mean is {@link WorkQueue#typicalRunTime}: what a SQL store reads from its latest SUCCEEDED rows.
 */
final class RunTimes {
  private final ConcurrentHashMap<String, ArrayDeque<Duration>> latest = new ConcurrentHashMap<>();

  void record(String type, Execution execution) {
    Duration took = Duration.between(execution.startedAt(), execution.finishedAt());
    latest.compute(type, (t, runs) -> {
      ArrayDeque<Duration> r = runs == null ? new ArrayDeque<>() : runs;
      r.addLast(took.isNegative() ? Duration.ZERO : took);
      if (r.size() > WorkQueue.RUN_TIME_SAMPLE) {
        r.removeFirst();
      }
      return r;
    });
  }

  Optional<Duration> typical(String type) {
    Duration[] sum = {Duration.ZERO};
    int[] n = {0};
    latest.computeIfPresent(type, (t, runs) -> {
      runs.forEach(d -> sum[0] = sum[0].plus(d));
      n[0] = runs.size();
      return runs;
    });
    return n[0] == 0 ? Optional.empty() : Optional.of(sum[0].dividedBy(n[0]));
  }
}
