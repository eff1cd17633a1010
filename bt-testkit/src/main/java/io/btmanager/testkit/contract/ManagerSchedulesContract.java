package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.ConfigurationInUseException;
import io.btmanager.core.exception.InvalidScheduleException;
import io.btmanager.core.exception.ScheduleEntryNotFoundException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualClock;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.contract.ManagerFixtures.Recorder;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedule entries fire through the normal submit path, on the manual clock. */
abstract class ManagerSchedulesContract extends ManagerContractArea {

  @Test
  void anEntrysNameArgumentsPriorityAndConfigurationCanBeEdited() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    ScheduleEntry entry = alice
        .schedules()
        .create(ok, Args.of("first"), Schedule.everySeconds(3600), o -> o.name("Nightly"));

    ScheduleEntry edited = alice
        .schedules()
        .edit(
            entry.id(), e -> e.name("Hourly").priority(Priority.HIGH).arguments(Args.of("second")));

    assertThat(edited.name()).isEqualTo("Hourly");
    assertThat(edited.priority()).isEqualTo(Priority.HIGH);
    assertThat(edited.argumentsJson()).isEqualTo("{\"label\":\"second\",\"n\":0}");
    ScheduleEntry stored = alice.schedules().get(entry.id());
    assertThat(stored) // a SQL store keeps microseconds of the times
        .usingRecursiveComparison()
        .ignoringFields("nextFireAt", "createdAt")
        .isEqualTo(edited);
    assertThat(stored.nextFireAt()).isEqualTo(stored.createdAt().plusSeconds(3600));

    Configuration c = alice.configurations().save(ok, "Preset", new Args("preset", 5));
    ScheduleEntry fromConfig =
        alice.schedules().edit(entry.id(), e -> e.configuration(c.id(), Map.of("n", 6)));
    assertThat(fromConfig.configurationId()).isEqualTo(c.id());
    assertThat(fromConfig.argumentsJson()).isEqualTo("{\"n\":6}");
    assertThat(fromConfig.name()).isEqualTo("Hourly");
    assertThatThrownBy(() -> alice.configurations().delete(c.id()))
        .isInstanceOf(ConfigurationInUseException.class); // rule 10 counts the edited entry

    alice.schedules().edit(entry.id(), e -> e.arguments(Args.of("inline")));
    alice.configurations().delete(c.id()); // no longer used
    assertThat(alice.schedules().get(entry.id()).configurationId()).isNull();
  }

  @Test
  void theAdminViewSeesAndChangesEveryUsersEntriesAndConfigurations() {
    TaskManager m = manager();
    Configuration alices = m.forUser("alice").configurations().save(ok, "A", Args.of("a"));
    Configuration bobs = m.forUser("bob").configurations().save(ok, "B", Args.of("b"));
    ScheduleEntry a = m.forUser("alice")
        .schedules()
        .create(ok, Args.of("a"), Schedule.everySeconds(3600), o -> {});
    ScheduleEntry b =
        m.forUser("bob").schedules().create(ok, Args.of("b"), Schedule.everySeconds(3600), o -> {});

    assertThat(m.admin().configurations().list())
        .extracting(Configuration::id)
        .containsExactly(alices.id(), bobs.id());
    assertThat(m.admin().schedules().list())
        .extracting(ScheduleEntry::id)
        .containsExactly(a.id(), b.id());
    assertThat(m.admin().schedules().disable(b.id()).enabled()).isFalse();
    assertThat(m.admin().schedules().edit(a.id(), e -> e.name("Renamed")).owner())
        .isEqualTo("alice");
    m.admin().configurations().delete(bobs.id());

    assertThat(m.forUser("bob").configurations().list()).isEmpty();
    assertThat(m.forUser("bob").schedules().get(b.id()).enabled()).isFalse();
    assertThat(m.forUser("alice").schedules().get(a.id()).name()).isEqualTo("Renamed");
  }

  @Test
  void entriesAndConfigurationsMadeInTheSameMillisecondListInTheOrderMade() {
    useManualClock(); // every item is made at the same instant
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    List<String> configs = new ArrayList<>();
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      configs.add(alice.configurations().save(ok, "C" + i, Args.of("c" + i)).id());
      entries.add(alice
          .schedules()
          .create(ok, Args.of("e" + i), Schedule.everySeconds(3600), o -> {})
          .id());
    }

    assertThat(alice.configurations().list()).extracting(Configuration::id).isEqualTo(configs);
    assertThat(alice.schedules().list()).extracting(ScheduleEntry::id).isEqualTo(entries);
    assertThat(m.admin().configurations().list()).extracting(Configuration::id).isEqualTo(configs);
  }

  @Test
  void anEntryFiresEveryPeriodAndJoinsItsStillActiveRun() {
    ManualClock time = useManualClock();
    Instant t0 = time.instant();
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    try (Recorder recorder = new Recorder(alice)) {
      ScheduleEntry entry = alice
          .schedules()
          .create(gated, Args.of("tick"), Schedule.everySeconds(1), o -> o.name("Ticker"));
      assertThat(entry.enabled()).isTrue();
      assertThat(entry.nextFireAt()).isEqualTo(t0.plusSeconds(1));
      assertThat(alice.schedules().list())
          .extracting(ScheduleEntry::id)
          .containsExactly(entry.id());

      time.advance(Duration.ofSeconds(1));
      eventually(
          "the entry fires",
          () -> assertThat(alice.list(TaskQuery.mine().type("gated")).total()).isEqualTo(1));
      Task first = alice.list(TaskQuery.mine()).items().get(0);
      assertThat(first.scheduleEntryId()).isEqualTo(entry.id());
      assertThat(first.name()).isEqualTo("Ticker");
      assertThat(first.owners()).containsExactly("alice");

      time.advance(Duration.ofSeconds(1));
      eventually(
          "the second occurrence joins the active run",
          () -> assertThat(recorder.kinds(first.id())).contains(TaskEventKind.JOINED));
      assertThat(alice.list(TaskQuery.mine()).total()).isEqualTo(1);
      ScheduleEntry fired = alice.schedules().get(entry.id());
      assertThat(fired.lastFiredAt()).isEqualTo(t0.plusSeconds(2));
      assertThat(fired.nextFireAt()).isEqualTo(t0.plusSeconds(3));

      gate.countDown();
      awaitState(alice, first.id(), TaskState.SUCCEEDED);
      time.advance(Duration.ofSeconds(1));
      eventually(
          "the next occurrence makes a new run",
          () -> assertThat(alice.list(TaskQuery.mine()).total()).isEqualTo(2));
    }
  }

  @Test
  void aDisabledEntryDoesNotFireUntilEnabledAgain() {
    ManualClock time = useManualClock();
    Instant t0 = time.instant();
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    ScheduleEntry paused =
        alice.schedules().create(ok, Args.of("paused"), Schedule.everySeconds(1), o -> {});
    ScheduleEntry witness =
        alice.schedules().create(other, Args.of("witness"), Schedule.everySeconds(1), o -> {});
    assertThat(alice.schedules().disable(paused.id()).enabled()).isFalse();

    for (int i = 1; i <= 2; i++) {
      time.advance(Duration.ofSeconds(1));
      Instant next = t0.plusSeconds(i + 1);
      eventually(
          "the witness entry fires",
          () -> assertThat(alice.schedules().get(witness.id()).nextFireAt()).isEqualTo(next));
    }
    assertThat(alice.schedules().get(paused.id()).lastFiredAt()).isNull();
    assertThat(alice.list(TaskQuery.mine().type("ok")).total()).isZero();

    // enabled again, its missed occurrences fire once (FIRE_ONCE), without moving the clock
    assertThat(alice.schedules().enable(paused.id()).enabled()).isTrue();
    eventually(
        "the enabled entry fires once",
        () -> assertThat(alice.list(TaskQuery.mine().type("ok")).total()).isEqualTo(1));
    ScheduleEntry resumed = alice.schedules().get(paused.id());
    assertThat(resumed.lastFiredAt()).isEqualTo(time.instant());
    assertThat(resumed.nextFireAt()).isAfter(time.instant());
  }

  @Test
  void aMalformedCronExpressionIsRejectedWithTheAcceptedForm() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    Throwable e = catchThrowable(() -> alice
        .schedules()
        .create(ok, Args.of("cron"), Schedule.cron("not a cron", ZoneOffset.UTC), o -> {}));
    assertThat(e)
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("not a cron")
        .hasMessageContaining("minute hour day-of-month month day-of-week");
    assertThat(((InvalidScheduleException) e).accepted()).isNotBlank();
    assertThat(alice.schedules().list()).isEmpty();

    ScheduleEntry quarterly = alice
        .schedules()
        .create(ok, Args.of("cron"), Schedule.cron("*/15 * * * *", ZoneOffset.UTC), o -> {});
    Instant next = quarterly.nextFireAt();
    assertThat(next).isAfter(quarterly.createdAt());
    assertThat(next.atZone(ZoneOffset.UTC).getMinute() % 15).isZero();
    assertThat(next.atZone(ZoneOffset.UTC).getSecond()).isZero();
    assertThatThrownBy(() -> alice
            .schedules()
            .reschedule(quarterly.id(), Schedule.cron("99 * * * *", ZoneOffset.UTC)))
        .isInstanceOf(InvalidScheduleException.class);
    assertThat(alice.schedules().get(quarterly.id()).schedule())
        .isEqualTo(Schedule.cron("*/15 * * * *", ZoneOffset.UTC));
  }

  @Test
  void entriesAreTheOwnersAndDeleteAllRemovesOnlyTheirs() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    UserTasks bob = m.forUser("bob");
    ScheduleEntry a1 =
        alice.schedules().create(ok, Args.of("a1"), Schedule.everySeconds(3600), o -> {});
    alice.schedules().create(other, Args.of("a2"), Schedule.everySeconds(3600), o -> {});
    ScheduleEntry b1 =
        bob.schedules().create(ok, Args.of("b1"), Schedule.everySeconds(3600), o -> {});

    assertThatThrownBy(() -> bob.schedules().get(a1.id()))
        .isInstanceOf(ScheduleEntryNotFoundException.class);
    assertThatThrownBy(() -> bob.schedules().delete(a1.id()))
        .isInstanceOf(ScheduleEntryNotFoundException.class);
    assertThatThrownBy(() -> bob.schedules().disable(a1.id()))
        .isInstanceOf(ScheduleEntryNotFoundException.class);
    assertThat(alice.schedules().get(a1.id()).enabled()).isTrue();

    assertThat(alice.schedules().deleteAll()).isEqualTo(2);
    assertThat(alice.schedules().list()).isEmpty();
    assertThat(bob.schedules().list()).extracting(ScheduleEntry::id).containsExactly(b1.id());
  }
}
