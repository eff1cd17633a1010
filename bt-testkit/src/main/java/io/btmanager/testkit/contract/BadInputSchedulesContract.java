package io.btmanager.testkit.contract;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.btmanager.core.exception.InvalidArgumentsException;
import io.btmanager.core.exception.InvalidScheduleException;
import io.btmanager.core.exception.PayloadTooLargeException;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Schedule;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.contract.BadInputContract.Anything;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input to schedules and schedule entries, refused where they are made: entries that could
 * never fire, edits that do not bind or fit.
 */
abstract class BadInputSchedulesContract extends BadInputArea {
  @Test
  void schedulesAreCheckedWhereTheyAreMade() {
    for (long seconds : new long[] {0, -1, Long.MAX_VALUE, 3_650L * 86_400 + 1}) {
      refused(InvalidScheduleException.class, "seconds", () -> Schedule.everySeconds(seconds));
    }
    for (Duration period :
        Arrays.asList(null, Duration.ofMillis(999), Duration.ofNanos(1_500_000_001))) {
      refused(InvalidScheduleException.class, "period", () -> Schedule.every(period));
    }
    ZoneId utc = ZoneId.of("UTC");
    for (String cron : Arrays.asList(
        null, "", " ", "not a cron", "61 * * * *", "0 0 30 2 *", "* ".repeat(101), "0 3 * * *\0")) {
      refused(InvalidScheduleException.class, "cron", () -> Schedule.cron(cron, utc));
    }
    refused(InvalidScheduleException.class, "zone", () -> Schedule.cron("0 3 * * *", null));
    assertThatCode(() -> Schedule.everySeconds(3_650L * 86_400)).doesNotThrowAnyException();
  }

  @Test
  void entriesThatCouldNeverFireAreRefused() {
    var schedules = alice.schedules();
    Schedule hourly = Schedule.everySeconds(3600);
    refused("type", () -> schedules.create(null, Args.of("n"), hourly, o -> {}));
    refused("arguments", () -> schedules.create(ok, null, hourly, o -> {}));
    refused("schedule", () -> schedules.create(ok, Args.of("n"), null, o -> {}));
    refused(
        PayloadTooLargeException.class,
        "arguments",
        () -> schedules.create(ok, Args.of("x".repeat(MAX_ARGUMENT_BYTES)), hourly, o -> {}));
    refused(
        PayloadTooLargeException.class,
        "arguments",
        () -> schedules.createFromConfiguration(
            config.id(), Map.of("label", "x".repeat(MAX_ARGUMENT_BYTES)), hourly, o -> {}));
    refused(
        InvalidArgumentsException.class,
        "$.payload",
        () -> schedules.create(anything, new Anything("a", new Object()), hourly, o -> {}));
    for (String name : Arrays.asList(null, "", LONG_NAME, NUL)) {
      refused("name", () -> schedules.create(ok, Args.of("n"), hourly, o -> o.name(name)));
      refused("name", () -> schedules.edit(entry.id(), e -> e.name(name)));
    }
    refused("user", () -> m.admin().schedules().create(ok, Args.of("n"), hourly, o -> {}));
  }

  @Test
  void editsThatDoNotBindOrFitAreRefusedWhole() {
    var schedules = alice.schedules();
    refused("changes", () -> schedules.edit(entry.id(), null));
    refused("entryId", () -> schedules.edit(null, e -> e.name("x")));
    refused(
        InvalidArgumentsException.class,
        "$",
        () -> schedules.edit(entry.id(), e -> e.name("Renamed").arguments(new Anything("a", 1))));
    refused(
        PayloadTooLargeException.class,
        "arguments",
        () -> schedules.edit(
            entry.id(), e -> e.name("Renamed").arguments(Args.of("x".repeat(MAX_ARGUMENT_BYTES)))));
    Configuration others = alice.configurations().save(other, "Other", Args.of("o"));
    before = snapshot();
    refused(
        "configurationId",
        () -> schedules.edit(
            entry.id(), e -> e.name("Renamed").configuration(others.id(), Map.of())));
    refused("priority", () -> schedules.edit(entry.id(), e -> e.priority(null)));
  }
}
