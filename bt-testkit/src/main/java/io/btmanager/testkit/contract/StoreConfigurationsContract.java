package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.Racing.race;
import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static io.btmanager.testkit.contract.StoreFixtures.withConfiguration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rule 10, configurations: stored and listed per owner, deletable only while no active task or
 * schedule entry refers to them.
 */
abstract class StoreConfigurationsContract extends StoreContractArea {

  @Test
  void insertFindAndUpdate() {
    Configuration c = configuration("alice");
    store.insertConfiguration(c);
    assertThat(store.findConfiguration(c.id())).contains(c);

    Configuration changed = new Configuration(
        c.id(),
        c.owner(),
        "renamed",
        c.type(),
        "{\"width\":1024}",
        c.createdAt(),
        c.updatedAt().plusSeconds(5));
    assertThat(store.updateConfiguration(changed)).isTrue();

    Configuration found = store.findConfiguration(c.id()).orElseThrow();
    assertThat(found.name()).isEqualTo("renamed");
    assertThat(found.argumentsJson()).isEqualTo("{\"width\":1024}");
    assertThat(found.owner()).isEqualTo("alice");
  }

  @Test
  void updateOrFindOfAMissingConfigurationFindsNothing() {
    Configuration ghost = configuration("alice");
    assertThat(store.updateConfiguration(ghost)).isFalse();
    assertThat(store.findConfiguration(ghost.id())).isEmpty();
  }

  @Test
  void listsAnOwnersConfigurationsOldestFirst() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    Configuration a1 = configuration("alice", t0);
    Configuration b1 = configuration("bob", t0.plusSeconds(1));
    Configuration a2 = configuration("alice", t0.plusSeconds(2));
    store.insertConfiguration(a1);
    store.insertConfiguration(b1);
    store.insertConfiguration(a2);

    assertThat(store.configurations("alice")).containsExactly(a1, a2);
    assertThat(store.configurations("bob")).containsExactly(b1);
    assertThat(store.configurations("carol")).isEmpty();
  }

  @Test
  void anUnusedConfigurationIsDeletedOnce() {
    Configuration c = configuration("alice");
    store.insertConfiguration(c);

    assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.DELETED);
    assertThat(store.findConfiguration(c.id())).isEmpty();
    assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.NOT_FOUND);
    assertThat(store.deleteConfiguration(newId())).isEqualTo(ConfigurationDeletion.NOT_FOUND);
  }

  @Test
  void isInUseWhileAnActiveTaskRefersToItAndDeletableOnceItFinished() {
    Configuration c = configuration("alice");
    store.insertConfiguration(c);
    NewTask n = task().configuration(c.id()).build();
    submit(n);
    assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.IN_USE);
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.IN_USE);
    assertThat(complete(retry(claimed, store.now().plus(1, ChronoUnit.HOURS)))).isTrue();
    assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.IN_USE);
    assertThat(store.findConfiguration(c.id())).contains(c);

    cancelWaiting(reload(n.id()));

    assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.DELETED);
    assertThat(store.findConfiguration(c.id())).isEmpty();
    assertThat(reload(n.id()).configurationId()).isEqualTo(c.id());
  }

  @Test
  void isInUseWhileAScheduleEntryRefersToIt() {
    Configuration c = configuration("alice");
    store.insertConfiguration(c);
    ScheduleEntry e = scheduleEntry("alice", c.id(), store.now(), true);
    store.insertScheduleEntry(e);

    assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.IN_USE);
    assertThat(store.findConfiguration(c.id())).contains(c);

    assertThat(store.deleteScheduleEntry(e.id())).isTrue();
    assertThat(store.deleteConfiguration(c.id())).isEqualTo(ConfigurationDeletion.DELETED);
  }

  @Test
  void anEntryMovedToAnotherConfigurationReleasesTheFirst() {
    Configuration c1 = configuration("alice");
    Configuration c2 = configuration("alice");
    store.insertConfiguration(c1);
    store.insertConfiguration(c2);
    ScheduleEntry e = scheduleEntry("alice", c1.id(), store.now(), true);
    store.insertScheduleEntry(e);

    assertThat(store.updateScheduleEntry(withConfiguration(e, c2.id()))).isTrue();

    assertThat(store.deleteConfiguration(c1.id())).isEqualTo(ConfigurationDeletion.DELETED);
    assertThat(store.deleteConfiguration(c2.id())).isEqualTo(ConfigurationDeletion.IN_USE);
  }

  @Test
  void submitNamingAMissingConfigurationThrowsAndWritesNothing() {
    NewTask n = task().configuration(newId()).build();

    assertThatThrownBy(() -> store.submit(n)).isInstanceOf(ConfigurationNotFoundException.class);

    assertThat(store.find(n.id())).isEmpty();
    assertThat(listing(null, TaskQuery.all()).total()).isZero();
    assertThat(store.claim(new ClaimRequest("node-a", 10, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .isEmpty();
    NewTask plain = new NewTask(
        newId(),
        n.type(),
        n.name(),
        n.description(),
        n.argumentsJson(),
        n.dedupKey(),
        n.priority(),
        n.owner(),
        n.link(),
        n.state(),
        n.nextAttemptAt(),
        n.maxAttempts(),
        null,
        null,
        n.createdAt());
    assertThat(store.submit(plain).joined()).isFalse();
  }

  @Test
  void scheduleEntriesNamingAMissingConfigurationAreRefused() {
    ScheduleEntry orphan = scheduleEntry("alice", newId(), store.now(), true);
    assertThatThrownBy(() -> store.insertScheduleEntry(orphan))
        .isInstanceOf(ConfigurationNotFoundException.class);
    assertThat(store.findScheduleEntry(orphan.id())).isEmpty();

    ScheduleEntry e = scheduleEntry("alice", null, store.now(), true);
    store.insertScheduleEntry(e);
    assertThatThrownBy(() -> store.updateScheduleEntry(withConfiguration(e, newId())))
        .isInstanceOf(ConfigurationNotFoundException.class);
    assertThat(store.findScheduleEntry(e.id())).contains(e);
  }

  @Test
  void deleteRacingASubmitNeverLeavesATaskOnADeletedConfiguration() {
    for (int round = 0; round < 30; round++) {
      Configuration c = configuration("alice");
      store.insertConfiguration(c);
      NewTask n = task().configuration(c.id()).build();

      List<Object> outcomes = race(2, i -> {
        if (i == 0) {
          try {
            return store.submit(n);
          } catch (ConfigurationNotFoundException e) {
            return e;
          }
        }
        return store.deleteConfiguration(c.id());
      });

      boolean submitted = outcomes.get(0) instanceof SubmitResult;
      assertThat(outcomes.get(1))
          .isEqualTo(submitted ? ConfigurationDeletion.IN_USE : ConfigurationDeletion.DELETED);
      assertThat(store.findConfiguration(c.id()).isPresent()).isEqualTo(submitted);
      assertThat(store.find(n.id()).isPresent()).isEqualTo(submitted);
    }
  }
}
