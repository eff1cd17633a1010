package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.exception.ConfigurationInUseException;
import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule 10: configurations are reusable; one in use is kept. */
abstract class ManagerConfigurationsContract extends ManagerContractArea {

  @Test
  void saveListRenameAndUpdate() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    Configuration saved = alice.configurations().save(ok, "Nightly", new Args("nightly", 1));
    assertThat(saved.owner()).isEqualTo("alice");
    assertThat(saved.type()).isEqualTo("ok");
    assertThat(alice.configurations().list())
        .extracting(Configuration::id)
        .containsExactly(saved.id());

    Configuration renamed = alice.configurations().rename(saved.id(), "Every night");
    assertThat(renamed.name()).isEqualTo("Every night");
    assertThat(renamed.argumentsJson()).isEqualTo(saved.argumentsJson());
    Configuration updated = alice.configurations().update(ok, saved.id(), new Args("weekly", 7));
    assertThat(updated.name()).isEqualTo("Every night");
    assertThat(updated.argumentsJson()).isNotEqualTo(saved.argumentsJson());

    Configuration read = alice.configurations().get(saved.id());
    assertThat(read.name()).isEqualTo("Every night");
    assertThat(read.argumentsJson()).isEqualTo(updated.argumentsJson());
    assertThat(m.forUser("bob").configurations().list()).isEmpty();
    assertThatThrownBy(() -> m.forUser("bob").configurations().get(saved.id()))
        .isInstanceOf(ConfigurationNotFoundException.class);
    assertThatThrownBy(() -> m.forUser("bob").configurations().rename(saved.id(), "Mine"))
        .isInstanceOf(ConfigurationNotFoundException.class);
    assertThat(alice.configurations().get(saved.id()).name()).isEqualTo("Every night");
  }

  @Test
  void submitFromAConfigurationWithOverrides() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    Configuration c = alice.configurations().save(ok, "Base", new Args("from-config", 1));

    Submitted<String> s =
        alice.submitFromConfiguration(ok, c.id(), Map.of("n", 2), o -> o.name("From config"));
    assertThat(s.joined()).isFalse();
    assertThat(s.task().configurationId()).isEqualTo(c.id());
    assertThat(s.task().name()).isEqualTo("From config");
    awaitState(alice, s.id(), TaskState.SUCCEEDED);
    assertThat(alice.result(s.id(), String.class)).contains("from-config");
    // the merged arguments are exactly those of a typed submit of the same values
    Submitted<String> typed = m.forUser("bob").submit(ok, new Args("from-config", 2));
    assertThat(typed.task().dedupKey()).isEqualTo(s.task().dedupKey());
    assertThat(alice.executions(s.id()))
        .singleElement()
        .satisfies(x -> assertThat(x.configurationId()).isEqualTo(c.id()));
  }

  @Test
  void aConfigurationInUseByAnActiveTaskCannotBeDeleted() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    Configuration c = alice.configurations().save(ok, "Used", new Args("used", 1));
    String id = alice.submitFromConfiguration(ok, c.id(), Map.of(), waiting()).id();

    assertThatThrownBy(() -> alice.configurations().delete(c.id()))
        .isInstanceOf(ConfigurationInUseException.class)
        .hasMessageContaining(c.id());
    assertThat(alice.configurations().get(c.id()).name()).isEqualTo("Used");

    alice.stop(id);
    alice.configurations().delete(c.id());
    assertThat(alice.configurations().list()).isEmpty();
    assertThatThrownBy(() -> alice.configurations().get(c.id()))
        .isInstanceOf(ConfigurationNotFoundException.class);
  }

  @Test
  void deleteUnusedKeepsThoseUsedByActiveTasksOrScheduleEntries() {
    TaskManager m = manager();
    UserTasks alice = m.forUser("alice");
    Configuration byTask = alice.configurations().save(ok, "By task", new Args("t", 1));
    Configuration byEntry = alice.configurations().save(ok, "By entry", new Args("e", 1));
    Configuration unused = alice.configurations().save(ok, "Unused", new Args("u", 1));
    Configuration bobs = m.forUser("bob").configurations().save(ok, "Bob's", new Args("b", 1));
    alice.submitFromConfiguration(ok, byTask.id(), Map.of(), waiting());
    ScheduleEntry entry = alice
        .schedules()
        .createFromConfiguration(
            byEntry.id(), Map.of(), Schedule.every(Duration.ofHours(1)), o -> o.name("Hourly"));
    assertThat(entry.configurationId()).isEqualTo(byEntry.id());

    assertThat(alice.configurations().deleteUnused()).containsExactly(unused.id());
    assertThat(alice.configurations().list())
        .extracting(Configuration::id)
        .containsExactlyInAnyOrder(byTask.id(), byEntry.id());
    assertThatThrownBy(() -> alice.configurations().delete(byEntry.id()))
        .isInstanceOf(ConfigurationInUseException.class);
    assertThat(m.forUser("bob").configurations().list())
        .extracting(Configuration::id)
        .containsExactly(bobs.id());

    alice.schedules().delete(entry.id());
    alice.configurations().delete(byEntry.id());
    assertThat(alice.configurations().list())
        .extracting(Configuration::id)
        .containsExactly(byTask.id());
  }
}
