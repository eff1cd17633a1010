package io.btmanager.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.Submitted;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TaskManagerExtension;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rule 11 with the store down: calls fail fast with the retryable exception and write nothing;
 * the engine's background work backs off without throwing and resumes by itself.
 */
class StoreOutageTest {
  final TaskDefinition<Args, String> job = TestTaskTypes.succeeds("job");
  final SwitchableStore store = new SwitchableStore(InMemoryTaskStore.create());

  @RegisterExtension
  final TaskManagerExtension tasks = TaskManagerExtension.with(job).configure(b -> b.store(store));

  @Test
  void submitsFailFastWhileDownAndTheEngineResumesByItselfWhenTheStoreReturns() {
    String before = tasks.forUser("alice").submit(job, Args.of("before")).id();
    store.down(true);

    assertThatThrownBy(() -> tasks.forUser("alice").submit(job, Args.of("during")))
        .isExactlyInstanceOf(StoreUnavailableException.class);
    assertThat(tasks.runUntilIdle()).isZero(); // background work backs off, never throws

    store.down(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> tasks.runUntilIdle() > 0);

    assertThat(tasks.forUser("alice").get(before).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(tasks.admin().list(TaskQuery.all()).total()).isEqualTo(1); // "during" never landed
    // retryable means the same call succeeds once the store is back, and finds nothing half-done
    Submitted<String> retried = tasks.forUser("alice").submit(job, Args.of("during"));
    assertThat(retried.joined()).isFalse();
    assertThat(tasks.admin().list(TaskQuery.all()).total()).isEqualTo(2);
  }
}
