package io.btmanager.core.task;

import io.btmanager.core.exception.InvalidScheduleException;
import io.btmanager.core.internal.Schedules;
import java.time.Duration;
import java.time.ZoneId;

/**
 * When a schedule entry fires: every N seconds, or on a cron expression in a time zone. Checked
 * where it is made: a period from one second to 3,650 days in whole milliseconds, and a cron
 * expression that parses and has an occurrence; anything else throws {@link
 * InvalidScheduleException}.
 */
public sealed interface Schedule {

  /** Fires every {@code period}: one second to 3,650 days, in whole milliseconds. */
  static Schedule every(Duration period) {
    return new Every(period);
  }

  /** Fires every {@code seconds} seconds, from 1 to 3,650 days' worth. */
  static Schedule everySeconds(long seconds) {
    if (seconds < 1 || seconds > Every.LONGEST.toSeconds()) {
      throw new InvalidScheduleException("seconds", "is " + seconds, Every.ACCEPTED);
    }
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
    static final Duration LONGEST = Duration.ofDays(3_650);
    static final String ACCEPTED = "1 second to 3650 days, in whole milliseconds";

    public Every {
      if (period == null
          || period.compareTo(Duration.ofSeconds(1)) < 0
          || period.compareTo(LONGEST) > 0
          || period.getNano() % 1_000_000 != 0) {
        throw new InvalidScheduleException("period", "is " + period, ACCEPTED);
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
      Schedules.checkCron(expression, zone);
    }
  }
}
