package io.btmanager.core.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recent run times per task type (an exponentially weighted moving average), from which waits and
 * ETAs are estimated (rule 7).
 */
final class DurationStats {
  private static final double WEIGHT = 0.2;
  private final ConcurrentHashMap<String, AtomicLong> averageNanos = new ConcurrentHashMap<>();

  void record(String type, Duration took) {
    long nanos = Math.max(0, took.toNanos());
    averageNanos
        .computeIfAbsent(type, t -> new AtomicLong(-1))
        .accumulateAndGet(nanos, (avg, x) -> avg < 0 ? x : (long) (avg + WEIGHT * (x - avg)));
  }

  /** The average run time of the type, or null when none ran yet. */
  Duration average(String type) {
    AtomicLong a = averageNanos.get(type);
    return a == null || a.get() < 0 ? null : Duration.ofNanos(a.get());
  }
}
