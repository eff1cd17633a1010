package io.btmanager.core.task;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a schedule entry fires: every N seconds, or on a cron expression in a time zone. Validation
 * of the cron expression happens when the entry is created (a malformed one is rejected there).
 */
public sealed interface Schedule {

  /** Fires every {@code period}, at least one second. */
  static Schedule every(Duration period) {
    return new Every(period);
  }

  /** Fires every {@code seconds} seconds, at least 1. */
  static Schedule everySeconds(long seconds) {
    return new Every(Duration.ofSeconds(seconds));
  }

  /**
   * Fires on a five-field UNIX cron expression ({@code minute hour day-of-month month
   * day-of-week}) read in {@code zone}.
   */
  static Schedule cron(String expression, ZoneId zone) {
    return new Cron(expression, zone);
  }

  /** A fixed period between firings. */
  record Every(Duration period) implements Schedule {
    public Every {
      Objects.requireNonNull(period, "period");
      if (period.isNegative() || period.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "a schedule's period must be at least 1 second, was " + period);
      }
    }
  }

  /** A cron expression in a time zone. */
  record Cron(String expression, ZoneId zone) implements Schedule {
    public Cron {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(zone, "zone");
    }
  }
}
