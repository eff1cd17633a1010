package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A claim on PostgreSQL reads the queue index and the rows it takes, never the whole task table,
 * whatever the planner believes of the table. A claim that joined its picked rows back to the table
 * let the (once per connection) generic plan hash-join them against a sequential scan of every row
 * when the statistics were taken on a small table (here: an empty one, then 200 waiting tasks; in the
 * benchmarks, a few thousand): most of a claim's time, growing with the table, finished tasks
 * included.
 */
class ClaimScanTest {
  private static final int WAITING = 200;

  @Test
  void claimsNeverScanTheWholeTaskTable() throws SQLException {
    PostgresServer pg = PostgresServer.get();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.newDatabase());
    config.setUsername(pg.user());
    config.setPassword(pg.password());
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        JdbcTaskStore store =
            JdbcTaskStore.builder().dataSource(pool, "postgresql").build()) {
      execute(pool, "ANALYZE bt_task"); // statistics of an empty table, as a new store's are
      List<NewTask> waiting = new ArrayList<>();
      for (int i = 0; i < WAITING; i++) {
        waiting.add(NewTasks.report("waiting-" + i, "alice"));
      }
      store.submitAll(waiting);
      long[] before = reads(pool);

      List<StoredTask> claimed = new ArrayList<>();
      for (int turn = 0; turn < 20; turn++) {
        claimed.addAll(
            store.claim(new ClaimRequest("node-a", 10, Duration.ofMinutes(1), Set.of("report"))));
      }

      assertThat(claimed).hasSize(WAITING);
      assertThat(claimed).extracting(StoredTask::dedupKey).doesNotHaveDuplicates();
      long[] after = reads(pool);
      assertThat(after[0] - before[0])
          .as("sequential scans of bt_task by 20 claims")
          .isZero();
      // each claimed row is read about twice (the queue index, then by id): never the table
      assertThat(after[1] - before[1])
          .as("rows of bt_task the 20 claims read")
          .isLessThanOrEqualTo(3L * WAITING);
    }
  }

  /**
   * The sequential scans of {@code bt_task} so far, and the rows read from it (by those scans and
   * by index scans), every connection of {@code pool} included: each is asked to publish its
   * statistics first ({@code pg_stat_force_next_flush()} takes effect before the server answers
   * the next statement).
   */
  private static long[] reads(HikariDataSource pool) throws SQLException {
    List<Connection> all = new ArrayList<>();
    try {
      for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
        Connection c = pool.getConnection();
        all.add(c);
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_stat_force_next_flush()");
        }
      }
      try (Statement s = all.get(0).createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT seq_scan, seq_tup_read + idx_tup_fetch FROM pg_stat_user_tables"
                  + " WHERE relname = 'bt_task'")) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    } finally {
      for (Connection c : all) {
        c.close();
      }
    }
  }

  private static void execute(HikariDataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
