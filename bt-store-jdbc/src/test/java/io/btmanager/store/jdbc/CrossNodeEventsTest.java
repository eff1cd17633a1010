package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.TaskManager;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A user subscribed on one node sees the events of a task that runs on another: the nodes share
 * one PostgreSQL and its LISTEN/NOTIFY change feed.
 */
class CrossNodeEventsTest {

  @Test
  void aSubscriberOnASubmitOnlyNodeSeesTheTaskRunOnAnotherNode() throws Exception {
    var type = TestTaskTypes.succeeds("report");
    String url = PostgresServer.get().newDatabase();
    PostgresServer pg = PostgresServer.get();
    try (TaskManager worker = TaskManager.builder()
            .nodeId("worker")
            .store(JdbcTaskStore.postgres(url, pg.user(), pg.password()))
            .executor(LocalExecutor.threads(2))
            .pollInterval(Duration.ofMillis(50))
            .register(type)
            .build();
        TaskManager web = TaskManager.builder()
            .nodeId("web")
            .store(JdbcTaskStore.postgres(url, pg.user(), pg.password()))
            .register(type)
            .build()) {
      List<TaskEvent> seen = new CopyOnWriteArrayList<>();
      web.forUser("alice").subscribe(seen::add);
      List<TaskEvent> bobSees = new CopyOnWriteArrayList<>();
      web.forUser("bob").subscribe(bobSees::add);

      String id = web.forUser("alice").submit(type, Args.of("q3")).id();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> worker.admin().get(id).state() == TaskState.SUCCEEDED);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> seen.stream().anyMatch(e -> e.kind() == TaskEventKind.SUCCEEDED));
      assertThat(seen)
          .extracting(TaskEvent::kind)
          .containsSubsequence(
              TaskEventKind.CREATED, TaskEventKind.STARTED, TaskEventKind.SUCCEEDED);
      TaskEvent done = seen.stream()
          .filter(e -> e.kind() == TaskEventKind.SUCCEEDED)
          .findFirst()
          .orElseThrow();
      assertThat(done.taskId()).isEqualTo(id);
      assertThat(done.task().state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(worker.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(bobSees).isEmpty(); // relayed events keep to the task's owners
    }
  }
}
