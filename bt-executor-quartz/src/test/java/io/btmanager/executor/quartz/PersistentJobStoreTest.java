package io.btmanager.executor.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.quartz.internal.ClaimJob;
import io.btmanager.store.jdbc.PostgresServer;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;

/**
 * A host's scheduler on Quartz's JDBC job store (not clustered) in PostgreSQL: bt-manager's jobs
 * work there, and the ones a process that died left in the tables are removed at the next start.
 */
class PersistentJobStoreTest {

  @Test
  void tasksRunOnAPersistentSchedulerAndLeftoversOfADeadProcessAreRemoved() throws Exception {
    PostgresServer pg = PostgresServer.get();
    Scheduler host =
        HostSchedulers.onPostgres("persistent", pg.newDatabase(), pg.user(), pg.password(), false);
    try {
      host.start();
      // what a process that died while running bt-manager left in Quartz's tables
      host.addJob(
          JobBuilder.newJob(ClaimJob.class)
              .withIdentity("claim", "bt-manager:dead")
              .usingJobData("node", "bt-manager:dead")
              .storeDurably()
              .build(),
          false);
      TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");
      try (TaskManager m = TaskManager.builder()
          .store(InMemoryTaskStore.create())
          .executor(QuartzExecutor.using(host))
          .register(ok)
          .build()) {
        assertThat(host.getJobGroupNames())
            .noneMatch(g -> g.equals("bt-manager:dead"))
            .anyMatch(g -> g.startsWith("bt-manager:"));
        UserTasks alice = m.forUser("alice");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          ids.add(alice.submit(ok, Args.of("t" + i)).id());
        }
        for (String id : ids) {
          assertThat(alice.awaitFinished(id, Duration.ofSeconds(30)).state())
              .isEqualTo(TaskState.SUCCEEDED);
        }
      }
      assertThat(host.getJobGroupNames()).noneMatch(g -> g.startsWith("bt-manager:"));
      assertThat(host.isShutdown()).isFalse();
    } finally {
      host.shutdown();
    }
  }
}
