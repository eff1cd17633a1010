package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.TaskState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Submits sharing dedup keys take their row locks in key order on PostgreSQL, so two transactions
 * that submit the same keys in opposite orders queue on each other instead of deadlocking. The two
 * transactions are the host's own ({@link JdbcTaskStore#inTransaction}), so the test decides the
 * interleaving; their deadlock detection is put off for a minute, so a deadlock would hang them and
 * fail the bounded waits here rather than be broken and retried unseen.
 */
class SubmitLockOrderTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void twoTransactionsSubmittingTwoKeysInOppositeOrdersDoNotDeadlock() throws Exception {
    PostgresServer pg = PostgresServer.get();
    String url = pg.newDatabase();
    String hostUrl = url + (url.contains("?") ? "&" : "?") + "options=-c%20deadlock_timeout%3D60s";
    String a = "key-a";
    String b = "key-b";
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (JdbcTaskStore store = JdbcTaskStore.postgres(url, pg.user(), pg.password());
        Connection admin = DriverManager.getConnection(url, pg.user(), pg.password());
        Connection tx1 = DriverManager.getConnection(hostUrl, pg.user(), pg.password());
        Connection tx2 = DriverManager.getConnection(hostUrl, pg.user(), pg.password())) {
      tx1.setAutoCommit(false);
      tx2.setAutoCommit(false);
      int tx2Backend = backendPid(tx2);

      // tx1 holds key a
      store.inTransaction(tx1, () -> store.submitAll(List.of(NewTasks.report(a, "alice"))));
      // tx2 submits b then a: in key order it waits for a first, holding nothing
      Future<List<SubmitResult>> tx2Submit = threads.submit(() -> store.inTransaction(
          tx2,
          () -> store.submitAll(List.of(NewTasks.report(b, "bob"), NewTasks.report(a, "bob")))));
      await().atMost(WAIT).until(() -> waitsOnALock(admin, tx2Backend));
      // tx1 now takes key b too: it would wait for tx2 if tx2 had locked b first
      Future<List<SubmitResult>> tx1Submit = threads.submit(() ->
          store.inTransaction(tx1, () -> store.submitAll(List.of(NewTasks.report(b, "alice")))));
      List<SubmitResult> tx1Second = bounded(tx1Submit, "tx1's submit of key b (deadlocked?)");
      tx1.commit();
      List<SubmitResult> tx2Results = bounded(tx2Submit, "tx2's submit after tx1's commit");
      tx2.commit();

      assertThat(tx1Second)
          .singleElement()
          .satisfies(r -> assertThat(r.joined()).isFalse());
      assertThat(tx2Results).allSatisfy(r -> assertThat(r.joined()).isTrue());
      for (String key : List.of(a, b)) {
        StoredTask t = tx2Results.stream()
            .map(SubmitResult::task)
            .filter(x -> x.dedupKey().equals(key))
            .findFirst()
            .orElseThrow();
        assertThat(store.find(t.id()).orElseThrow().owners())
            .containsExactlyInAnyOrder("alice", "bob");
        assertThat(t.state()).isEqualTo(TaskState.PENDING);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static <T> T bounded(Future<T> f, String what) throws Exception {
    try {
      return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return fail(what + " did not finish within " + WAIT);
    }
  }

  private static int backendPid(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT pg_backend_pid()");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static boolean waitsOnALock(Connection admin, int pid) throws SQLException {
    try (PreparedStatement s = admin.prepareStatement(
        "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'")) {
      s.setInt(1, pid);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }
}
