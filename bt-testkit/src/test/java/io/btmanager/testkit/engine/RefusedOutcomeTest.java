package io.btmanager.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TaskManagerExtension;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An outcome the store refuses (a value larger than it takes, past the core's limits) ends the task
 * FAILED at once with an error a person can act on, rather than leaving it RUNNING until its lease
 * expires and running it again. In memory, behind a store that refuses long results as a SQL
 * column would; {@code RefusedOutcomeEndsTheTaskTest} in bt-store-jdbc does it on H2 and
 * PostgreSQL.
 */
class RefusedOutcomeTest {
  final TaskDefinition<Args, String> sized = TaskDefinition.of("sized", Args.class, String.class)
      .handler((ctx, a) -> {
        ctx.progress(1, 2, "half way");
        return "x".repeat(a.n());
      })
      .build();
  final SwitchableStore store = new SwitchableStore(InMemoryTaskStore.create());

  @RegisterExtension
  final TaskManagerExtension tasks = TaskManagerExtension.with(sized)
      .configure(b -> b.store(store).leaseDuration(Duration.ofHours(1)));

  @Test
  void anOutcomeRefusedWhenWrittenAloneEndsTheTaskFailedAtOnce() {
    store.refuseResultsLongerThan(100, false);
    UserTasks alice = tasks.forUser("alice");
    String big = alice.submit(sized, new Args("big", 200)).id();
    String small = alice.submit(sized, new Args("small", 10)).id();

    tasks.runUntilIdle();

    assertEndedFailed(alice, big, "value too long for column \"result\"");
    assertThat(alice.get(small).state()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void anOutcomeReportedNotAppliedWhileItsLeaseHoldsEndsTheTaskFailedAtOnce() {
    store.refuseResultsLongerThan(100, true); // as a store reports one refused in a batch
    UserTasks alice = tasks.forUser("alice");
    String big = alice.submit(sized, new Args("big", 200)).id();
    String small = alice.submit(sized, new Args("small", 10)).id();

    tasks.runUntilIdle();

    assertEndedFailed(alice, big, "");
    assertThat(alice.get(small).state()).isEqualTo(TaskState.SUCCEEDED);
  }

  private static void assertEndedFailed(UserTasks user, String id, String reason) {
    Task t = user.get(id);
    assertThat(t.state()).isEqualTo(TaskState.FAILED);
    assertThat(t.attempt()).isEqualTo(1);
    assertThat(t.resultJson()).isNull();
    assertThat(t.error().summary())
        .startsWith("The task ended, but its result could not be stored")
        .contains(reason);
    assertThat(t.error().retryable()).isFalse();
    assertThat(t.error().action()).contains("running it again will not help");
    assertThat(t.progress().message()).isEmpty();
    assertThat(user.executions(id)).singleElement().satisfies(e -> {
      assertThat(e.outcome()).isEqualTo(ExecutionOutcome.FAILED);
      assertThat(e.resultJson()).isNull();
      assertThat(e.error()).isEqualTo(t.error());
    });
  }
}
