package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Builders validate, then seal: a build that fails releases what it started (the manager's timer
 * thread and store, the store's connection pool), conflicting options are refused, and each build
 * is independent or refused.
 */
class FailedBuildTest {
  private final TaskDefinition<String, Void> ok =
      TaskDefinition.of("ok", String.class).handler((ctx, a) -> null).build();

  private static boolean threadAlive(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith(prefix));
  }

  @Test
  void aManagerWhoseExecutorFailsToStartReleasesItsTimerThreadAndStore() {
    JdbcTaskStore store = JdbcTaskStore.h2InMemory("failed-build-" + UUID.randomUUID());
    TaskExecutor broken = new TaskExecutor() {
      @Override
      public void start(TaskRunner runner) {
        throw new IllegalStateException("no threads today");
      }

      @Override
      public int concurrency() {
        return 1;
      }

      @Override
      public void shutdown(Duration grace) {}
    };

    Throwable e = catchThrowable(() -> TaskManager.builder()
        .store(store)
        .executor(broken)
        .nodeId("failing-node")
        .register(ok)
        .build());

    assertThat(e).hasMessage("no threads today");
    assertThat(catchThrowable(() -> store.query(null, TaskQuery.all())))
        .as("the store the manager owned is closed")
        .isInstanceOf(StoreUnavailableException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> !threadAlive("bt-timeouts-failing-node"));
  }

  @Test
  void aManagerBuilderBuildsOnce() {
    TaskManager.Builder b = TaskManager.builder().register(ok);
    try (TaskManager first = b.build()) {
      Throwable again = catchThrowable(b::build);
      assertThat(again).isInstanceOf(InvalidInputException.class);
      assertThat(((InvalidInputException) again).field()).isEqualTo("builder");
      assertThat(first.forUser("alice").submit(ok, "still works").joined()).isFalse();
    }
  }

  @Test
  void aStoreWhoseSchemaCannotBeAppliedClosesThePoolItStarted() {
    long pools = housekeepers(); // HikariCP gives each pool one housekeeper thread
    try (JdbcTaskStore open = JdbcTaskStore.h2InMemory("probe-" + UUID.randomUUID())) {
      assertThat(housekeepers()).as("the probe sees a pool's thread").isEqualTo(pools + 1);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> housekeepers() == pools);

    Throwable e = catchThrowable(() -> JdbcTaskStore.builder()
        .url("jdbc:postgresql://127.0.0.1:1/nowhere") // nothing listens on port 1
        .build());

    assertThat(e).isInstanceOf(StoreUnavailableException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> housekeepers() == pools);
  }

  private static long housekeepers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("bt-store:housekeeper"))
        .count();
  }

  @Test
  void aUrlWithADataSourceIsRefusedAndANullDataSourceNamed() {
    try (HikariDataSource h2 = new HikariDataSource()) {
      h2.setJdbcUrl("jdbc:h2:mem:conflict-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      Throwable both = catchThrowable(() ->
          JdbcTaskStore.builder().url("jdbc:h2:mem:x").dataSource(h2, "h2").build());
      assertThat(both).isInstanceOf(InvalidInputException.class).hasMessageContaining("not both");
      assertThat(((InvalidInputException) both).field()).isEqualTo("url");
    }
    Throwable none = catchThrowable(() -> JdbcTaskStore.builder().dataSource(null, "h2"));
    assertThat(none).isInstanceOf(InvalidInputException.class);
    assertThat(((InvalidInputException) none).field()).isEqualTo("dataSource");
  }

  @Test
  void twoBuildsOfOneBuilderAreIndependentStores() {
    String url = "jdbc:h2:mem:twice-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    JdbcTaskStore.Builder b = JdbcTaskStore.builder().url(url);
    JdbcTaskStore first = b.build();
    try (JdbcTaskStore second = b.build()) {
      first.close();

      assertThat(second.query(null, TaskQuery.all()).total()).isZero();
    }
  }
}
