package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.Racing.race;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Schedule entries: stored, listed and due; an occurrence fires (advance and submit in one
 * operation) exactly once across nodes.
 */
abstract class StoreScheduleEntriesContract extends StoreContractArea {

  @Test
  void insertFindUpdateAndDelete() {
    ScheduleEntry e = scheduleEntry("alice", null, store.now(), true);
    store.insertScheduleEntry(e);
    assertThat(store.findScheduleEntry(e.id())).contains(e);

    ScheduleEntry changed = new ScheduleEntry(
        e.id(),
        e.owner(),
        "nightly",
        e.type(),
        null,
        "{\"all\":true}",
        Priority.HIGH,
        Schedule.cron("0 3 * * *", ZoneId.of("Europe/Paris")),
        MissedFirePolicy.SKIP,
        false,
        e.nextFireAt().plusSeconds(60),
        e.nextFireAt(),
        e.createdAt());
    assertThat(store.updateScheduleEntry(changed)).isTrue();
    assertThat(store.findScheduleEntry(e.id())).contains(changed);

    assertThat(store.deleteScheduleEntry(e.id())).isTrue();
    assertThat(store.findScheduleEntry(e.id())).isEmpty();
    assertThat(store.deleteScheduleEntry(e.id())).isFalse();
  }

  @Test
  void updateOfAMissingEntryFindsNothing() {
    ScheduleEntry ghost = scheduleEntry("alice", null, store.now(), true);
    assertThat(store.updateScheduleEntry(ghost)).isFalse();
    assertThat(store.findScheduleEntry(ghost.id())).isEmpty();
  }

  @Test
  void listsByOwnerOldestFirst() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    ScheduleEntry a1 = scheduleEntry("alice", null, t0, true, t0);
    ScheduleEntry b1 = scheduleEntry("bob", null, t0, true, t0.plusSeconds(1));
    ScheduleEntry a2 = scheduleEntry("alice", null, t0, true, t0.plusSeconds(2));
    store.insertScheduleEntry(a1);
    store.insertScheduleEntry(b1);
    store.insertScheduleEntry(a2);

    assertThat(store.scheduleEntries("alice")).containsExactly(a1, a2);
    assertThat(store.scheduleEntries("bob")).containsExactly(b1);
    assertThat(store.scheduleEntries("carol")).isEmpty();
    assertThat(store.scheduleEntries(null)).containsExactly(a1, b1, a2);
  }

  @Test
  void onlyEnabledEntriesThatAreDueAreDue() {
    Instant now = store.now().truncatedTo(ChronoUnit.SECONDS);
    ScheduleEntry past = scheduleEntry("alice", null, now.minusSeconds(60), true);
    ScheduleEntry exactlyNow = scheduleEntry("alice", null, now, true);
    ScheduleEntry future = scheduleEntry("alice", null, now.plusSeconds(60), true);
    ScheduleEntry disabled = scheduleEntry("alice", null, now.minusSeconds(60), false);
    for (ScheduleEntry e : List.of(past, exactlyNow, future, disabled)) {
      store.insertScheduleEntry(e);
    }

    assertThat(store.dueScheduleEntries(now, Set.of(TYPE, OTHER_TYPE), 10))
        .extracting(ScheduleEntry::id)
        .containsExactlyInAnyOrder(past.id(), exactlyNow.id());
    assertThat(store.dueScheduleEntries(now, Set.of(TYPE, OTHER_TYPE), 1)).hasSize(1);
    assertThat(store.dueScheduleEntries(now.minusSeconds(61), Set.of(TYPE, OTHER_TYPE), 10))
        .isEmpty();
  }

  @Test
  void advanceIsACompareAndSetOfTheNextFireTime() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    ScheduleEntry e = scheduleEntry("alice", null, t0, true);
    store.insertScheduleEntry(e);
    Instant firedAt = t0.plusMillis(3);

    assertThat(store
            .fireOccurrence(new Occurrence(e.id(), t0, t0.plusSeconds(60), firedAt, null))
            .fired())
        .isTrue();
    ScheduleEntry advanced = store.findScheduleEntry(e.id()).orElseThrow();
    assertThat(advanced.nextFireAt()).isEqualTo(t0.plusSeconds(60));
    assertThat(advanced.lastFiredAt()).isEqualTo(firedAt);

    assertThat(store
            .fireOccurrence(new Occurrence(e.id(), t0, t0.plusSeconds(120), firedAt, null))
            .fired())
        .isFalse();
    assertThat(store.findScheduleEntry(e.id())).contains(advanced);
    assertThat(store
            .fireOccurrence(new Occurrence(newId(), t0, t0.plusSeconds(60), firedAt, null))
            .fired())
        .isFalse();
  }

  @Test
  void ofEightNodesAdvancingOneOccurrenceExactlyOneWins() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    ScheduleEntry e = scheduleEntry("alice", null, t0, true);
    store.insertScheduleEntry(e);

    List<Boolean> wins = race(
        8,
        i -> store
            .fireOccurrence(
                new Occurrence(e.id(), t0, t0.plusSeconds(60 + i), t0.plusMillis(i), null))
            .fired());

    assertThat(wins).filteredOn(w -> w).hasSize(1);
    int winner = wins.indexOf(true);
    ScheduleEntry after = store.findScheduleEntry(e.id()).orElseThrow();
    assertThat(after.nextFireAt()).isEqualTo(t0.plusSeconds(60 + winner));
    assertThat(after.lastFiredAt()).isEqualTo(t0.plusMillis(winner));
  }

  @Test
  void firingAnOccurrenceSubmitsItsTaskWithTheAdvanceAndOnlyOnceAcrossNodes() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    ScheduleEntry e = scheduleEntry("alice", null, t0, true);
    store.insertScheduleEntry(e);
    String args = "{\"tick\":1}";

    List<OccurrenceFired> results = race(
        8,
        i -> store.fireOccurrence(new Occurrence(
            e.id(),
            t0,
            t0.plusSeconds(60),
            t0,
            task().arguments(args).dedupKey("tick").scheduleEntry(e.id()).build())));

    assertThat(results).filteredOn(OccurrenceFired::fired).hasSize(1);
    OccurrenceFired won =
        results.stream().filter(OccurrenceFired::fired).findFirst().get();
    assertThat(won.submitted().joined()).isFalse();
    assertThat(results).filteredOn(r -> !r.fired()).allMatch(r -> r.submitted() == null);
    assertThat(listing("alice", TaskQuery.mine()).tasks())
        .extracting(StoredTask::id)
        .containsExactly(won.submitted().task().id());
    assertThat(won.submitted().task().scheduleEntryId()).isEqualTo(e.id());
  }

  @Test
  void anOccurrenceWhoseTaskCannotBeSubmittedLeavesTheEntryDue() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    ScheduleEntry e = scheduleEntry("alice", null, t0, true);
    store.insertScheduleEntry(e);
    String missing = newId();

    assertThatThrownBy(() -> store.fireOccurrence(new Occurrence(
            e.id(), t0, t0.plusSeconds(60), t0, task().configuration(missing).build())))
        .isInstanceOf(ConfigurationNotFoundException.class);

    assertThat(store.findScheduleEntry(e.id())).contains(e);
    assertThat(store.dueScheduleEntries(t0, Set.of(TYPE, OTHER_TYPE), 10))
        .extracting(ScheduleEntry::id)
        .containsExactly(e.id());
    assertThat(listing("alice", TaskQuery.mine()).tasks()).isEmpty();
  }
}
