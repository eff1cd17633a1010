package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A result the database refuses ends its task FAILED at once, with an error a person can act on,
 * rather than RUNNING until its lease (an hour here) expires and then running again. The refusals
 * are the databases' own, of a {@code CHECK} constraint the test adds to the result column: the
 * columns take any result the core's limits let through, and the constraint stands for a limit a
 * host's schema or a future column might set.
 */
class RefusedOutcomeEndsTheTaskTest {
  /** Workers; the first this many tasks end together, so their outcomes share one write. */
  private static final int THREADS = 4;

  /** Released when the first {@link #THREADS} handlers have run; a test sets a fresh one. */
  private static volatile CountDownLatch together = new CountDownLatch(0);

  static final TaskDefinition<Args, String> SIZED = TaskDefinition.of(
          "sized", Args.class, String.class)
      .handler((ctx, a) -> {
        CountDownLatch all = together;
        all.countDown();
        if (!all.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the first handlers did not all start");
        }
        return "x".repeat(a.n());
      })
      .build();

  @Test
  void onH2AResultItsConstraintRefusesEndsTheTaskFailed() throws SQLException {
    String url = "jdbc:h2:mem:refused-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (JdbcTaskStore store = JdbcTaskStore.builder().url(url).build()) {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE bt_task ADD CONSTRAINT result_fits CHECK (LENGTH(result) < 1000)");
      }
      endsFailedAtOnce(store, 2_000, "RESULT_FITS");
    }
  }

  @Test
  void onPostgresAResultItsConstraintRefusesEndsTheTaskFailed() throws SQLException {
    PostgresServer pg = PostgresServer.get();
    String url = pg.newDatabase();
    try (JdbcTaskStore store =
        JdbcTaskStore.builder().url(url).user(pg.user()).password(pg.password()).build()) {
      try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE bt_task ADD CONSTRAINT result_fits CHECK (length(result) < 1000)");
      }
      endsFailedAtOnce(store, 2_000, "result_fits");
    }
  }

  /**
   * The refused result is among outcomes that end at the same moment, so it is written in one batch
   * with others as often as not: its error names the database's reason whether it was or not (it
   * did only when its outcome happened to be written alone).
   */
  private static void endsFailedAtOnce(JdbcTaskStore store, int chars, String reason) {
    together = new CountDownLatch(THREADS);
    try (TaskManager m = TaskManager.builder()
        .store(store)
        .executor(LocalExecutor.threads(THREADS))
        .leaseDuration(Duration.ofHours(1))
        .register(SIZED)
        .build()) {
      UserTasks alice = m.forUser("alice");
      String big = alice.submit(SIZED, new Args("big", chars)).id();
      String[] small = new String[6];
      for (int i = 0; i < small.length; i++) {
        small[i] = alice.submit(SIZED, new Args("small-" + i, 10)).id();
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> alice.get(big).state().isFinished());

      Task t = alice.get(big);
      assertThat(t.state()).isEqualTo(TaskState.FAILED);
      assertThat(t.attempt()).isEqualTo(1);
      assertThat(t.resultJson()).isNull();
      assertThat(t.error().summary())
          .startsWith("The task ended, but its result could not be stored")
          .contains(reason);
      assertThat(t.error().retryable()).isFalse();
      assertThat(alice.executions(big))
          .singleElement()
          .satisfies(e -> assertThat(e.outcome()).isEqualTo(ExecutionOutcome.FAILED));
      for (String id : small) {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> alice.get(id).state() == TaskState.SUCCEEDED);
      }
    }
  }
}
