package io.btmanager.core.internal;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.btmanager.core.exception.InvalidScheduleException;
import io.btmanager.core.task.Schedule;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Next fire times of schedules: fixed periods, and UNIX cron expressions through cron-utils. */
public final class Schedules {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final String ACCEPTED =
      "five fields 'minute hour day-of-month month day-of-week', e.g. '*/15 * * * *' or '0 3 * * MON-FRI'";

  private Schedules() {}

  /**
   * @throws InvalidScheduleException when the cron expression does not parse
   */
  public static void validate(Schedule schedule) {
    if (schedule instanceof Schedule.Cron c) {
      executionTime(c.expression());
    }
  }

  /**
   * Checks a cron expression where its {@link Schedule} is made: at most {@value Limits#CRON}
   * characters without NUL, parses, and has an occurrence after now.
   *
   * @throws InvalidScheduleException otherwise
   */
  public static void checkCron(String expression, ZoneId zone) {
    if (expression.length() > Limits.CRON || expression.indexOf('\0') >= 0) {
      throw new InvalidScheduleException(
          "cron",
          "has " + expression.length() + " characters or a NUL",
          "at most " + Limits.CRON + " characters: " + ACCEPTED);
    }
    if (zone.getId().length() > Limits.ZONE) {
      throw new InvalidScheduleException(
          "zone", "'" + zone.getId() + "' is too long", "a zone id of at most " + Limits.ZONE);
    }
    executionTime(expression)
        .nextExecution(ZonedDateTime.now(zone))
        .orElseThrow(() ->
            new InvalidScheduleException("cron", "'" + expression + "' never occurs", ACCEPTED));
  }

  /** The first occurrence strictly after {@code after}. */
  public static Instant nextAfter(Schedule schedule, Instant after) {
    if (schedule instanceof Schedule.Every e) {
      return after.plus(e.period());
    }
    Schedule.Cron c = (Schedule.Cron) schedule;
    return executionTime(c.expression())
        .nextExecution(ZonedDateTime.ofInstant(after, c.zone()))
        .map(ZonedDateTime::toInstant)
        .orElseThrow(() -> new InvalidScheduleException(
            "schedule", "'" + c.expression() + "' has no occurrence after " + after, ACCEPTED));
  }

  /** The occurrence that follows {@code occurrence} (for periods: one period later). */
  static Instant following(Schedule schedule, Instant occurrence) {
    return nextAfter(schedule, occurrence);
  }

  private static ExecutionTime executionTime(String expression) {
    try {
      var cron = PARSER.parse(expression);
      cron.validate();
      return ExecutionTime.forCron(cron);
    } catch (IllegalArgumentException e) {
      throw new InvalidScheduleException(
          "cron",
          "'" + expression + "' is not a valid cron expression (" + e.getMessage() + ")",
          ACCEPTED);
    }
  }
}
