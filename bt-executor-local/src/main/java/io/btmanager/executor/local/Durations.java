package io.btmanager.executor.local;

import java.time.Duration;

/** Duration arithmetic that saturates instead of overflowing. */
final class Durations {
  private static final Duration MAX = Duration.ofNanos(Long.MAX_VALUE / 2);

  private Durations() {}

  /** {@code d} in nanoseconds, capped at about 146 years so a deadline sum never overflows. */
  static long nanos(Duration d) {
    return d.compareTo(MAX) >= 0 ? MAX.toNanos() : d.toNanos();
  }
}
