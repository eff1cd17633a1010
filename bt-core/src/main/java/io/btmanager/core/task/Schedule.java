package io.btmanager.core.task;

import io.btmanager.core.exception.InvalidScheduleException;
import java.time.Duration;
import java.time.ZoneId;

/**
 * When a schedule entry fires: every N seconds, or on a cron expression in a time zone. A period
 * under a second is rejected here; a cron expression is parsed when the entry is created. Both
 * throw {@link InvalidScheduleException}.
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
      if (period == null || period.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new InvalidScheduleException("period", "is " + period, "1 second or more");
      }
    }
  }

  /** A cron expression in a time zone. */
  record Cron(String expression, ZoneId zone) implements Schedule {
    public Cron {
      if (expression == null || expression.isBlank()) {
        throw new InvalidScheduleException(
            "cron", "is blank", "five fields 'minute hour day-of-month month day-of-week'");
      }
      if (zone == null) {
        throw new InvalidScheduleException(
            "zone", "is null", "a time zone, e.g. ZoneId.of(\"Europe/Paris\")");
      }
    }
  }
}
