package io.btmanager.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TaskManagerExtension;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A listener that blocks must not stall workers; it still gets every event, in order per task. */
class SlowListenerTest {
  static final int TASKS = 100;
  final io.btmanager.core.definition.TaskDefinition<Args, String> progress =
      TestTaskTypes.reportsProgress("progress");

  @RegisterExtension
  final TaskManagerExtension tasks = TaskManagerExtension.with(progress);

  @Test
  void aBlockedListenerDelaysOnlyItselfAndLaterGetsEveryEventInOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<TaskEvent> seen = new CopyOnWriteArrayList<>();
    tasks.forUser("alice").subscribe(e -> {
      try {
        release.await(30, TimeUnit.SECONDS); // stuck until the test lets it go
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      seen.add(e);
    });
    for (int i = 0; i < TASKS; i++) {
      tasks.forUser("alice").submit(progress, new Args("t" + i, 3));
    }

    assertThat(tasks.runUntilIdle()).isEqualTo(TASKS); // workers ran everything meanwhile
    assertThat(tasks
            .forUser("alice")
            .list(TaskQuery.mine().state(TaskState.SUCCEEDED))
            .total())
        .isEqualTo(TASKS);
    assertThat(seen).isEmpty();

    release.countDown();
    // per task: CREATED, STARTED, PROGRESS x3, SUCCEEDED
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == TASKS * 6);
    var byTask = seen.stream().collect(java.util.stream.Collectors.groupingBy(TaskEvent::taskId));
    assertThat(byTask).hasSize(TASKS);
    byTask
        .values()
        .forEach(events -> assertThat(events)
            .extracting(TaskEvent::kind)
            .containsExactly(
                TaskEventKind.CREATED,
                TaskEventKind.STARTED,
                TaskEventKind.PROGRESS,
                TaskEventKind.PROGRESS,
                TaskEventKind.PROGRESS,
                TaskEventKind.SUCCEEDED));
  }
}
