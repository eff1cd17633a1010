package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A submit inside the host's own transaction exists only if the host commits. */
class HostTransactionTest {
  static Stream<Arguments> databases() {
    PostgresServer pg = PostgresServer.get();
    return Stream.of(
        Arguments.of(
            "h2", "jdbc:h2:mem:host-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""),
        Arguments.of("postgresql", pg.newDatabase(), pg.user(), pg.password()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void theTaskCommitsAndRollsBackWithTheHostsBusinessData(
      String db, String url, String user, String password) throws SQLException {
    var type = TestTaskTypes.succeeds("invoice");
    JdbcTaskStore store =
        JdbcTaskStore.builder().url(url).user(user).password(password).build();
    try (TaskManager manager = TaskManager.builder().store(store).register(type).build();
        Connection host = DriverManager.getConnection(url, user, password)) {
      try (Statement s = host.createStatement()) {
        s.execute("CREATE TABLE orders (id VARCHAR(36) PRIMARY KEY)");
      }
      UserTasks alice = manager.forUser("alice");
      host.setAutoCommit(false);

      insertOrder(host, "o-1");
      String rolledBack =
          store.inTransaction(host, () -> alice.submit(type, Args.of("o-1"))).id();
      assertThat(manager.admin().find(rolledBack)).isEmpty(); // not visible before the commit
      host.rollback();
      assertThat(manager.admin().find(rolledBack)).isEmpty();
      assertThat(orders(host)).isZero();

      insertOrder(host, "o-2");
      String committed =
          store.inTransaction(host, () -> alice.submit(type, Args.of("o-2"))).id();
      host.commit();
      assertThat(manager.admin().get(committed).state()).isEqualTo(TaskState.PENDING);
      assertThat(manager.admin().get(committed).owners()).containsExactly("alice");
      assertThat(orders(host)).isEqualTo(1);
    }
  }

  private static void insertOrder(Connection c, String id) throws SQLException {
    try (var s = c.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
      s.setString(1, id);
      s.executeUpdate();
    }
  }

  private static int orders(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM orders")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
