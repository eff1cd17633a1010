package io.btmanager.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Schedule;
import io.btmanager.testkit.TaskManagerExtension;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a schedule entry does about occurrences that passed while nothing ran. */
class MissedFireTest {
  final TaskDefinition<Args, String> sync = TestTaskTypes.succeeds("sync");

  @RegisterExtension
  final TaskManagerExtension tasks = TaskManagerExtension.with(sync);

  private long tasksFired() {
    return tasks.admin().list(TaskQuery.all()).total();
  }

  @Test
  void fireOnceFiresASingleTaskForManyMissedOccurrencesThenKeepsTheBeat() {
    tasks
        .forUser("alice")
        .schedules()
        .create(
            sync,
            Args.of("album"),
            Schedule.everySeconds(60),
            o -> o.missedFirePolicy(MissedFirePolicy.FIRE_ONCE));

    tasks.advanceAndRun(Duration.ofMinutes(5)); // five occurrences missed
    assertThat(tasksFired()).isEqualTo(1);

    tasks.advanceAndRun(Duration.ofSeconds(59));
    assertThat(tasksFired()).isEqualTo(1);
    tasks.advanceAndRun(Duration.ofSeconds(1));
    assertThat(tasksFired()).isEqualTo(2);
  }

  @Test
  void skipFiresNothingForMissedOccurrencesButALateOneStillFires() {
    tasks
        .forUser("alice")
        .schedules()
        .create(
            sync,
            Args.of("album"),
            Schedule.everySeconds(60),
            o -> o.missedFirePolicy(MissedFirePolicy.SKIP));

    tasks.advanceAndRun(Duration.ofMinutes(5)); // many missed: skipped
    assertThat(tasksFired()).isZero();

    tasks.advanceAndRun(Duration.ofSeconds(75)); // the next occurrence, 15 s late: fires
    assertThat(tasksFired()).isEqualTo(1);
  }
}
