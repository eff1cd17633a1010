package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.TaskChange;
import io.btmanager.store.jdbc.internal.PgChangeFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL change feed: what one node announces, the others receive whole and in order. */
class ChangeFeedTest {
  private HikariDataSource dataSource;
  private Jdbi jdbi;
  private AutoCloseable listening;
  private final List<TaskChange> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void listenAsNodeB() {
    PostgresServer pg = PostgresServer.get();
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(pg.newDatabase());
    dataSource.setUsername(pg.user());
    dataSource.setPassword(pg.password());
    dataSource.setMaximumPoolSize(3);
    jdbi = Jdbi.create(dataSource);
    listening = PgChangeFeed.listen(dataSource, "node-b", received::add);
    TaskChange probe = new TaskChange("probe", "probe-task", TaskEventKind.CREATED, null);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
      PgChangeFeed.announce(jdbi, List.of(probe)); // until the listener's LISTEN is in place
      return received.contains(probe);
    });
  }

  /** What arrived, without the probes (a late one may still come in). */
  private List<TaskChange> received() {
    return received.stream().filter(c -> !c.node().equals("probe")).toList();
  }

  @AfterEach
  void close() throws Exception {
    listening.close();
    dataSource.close();
  }

  @Test
  void everyChangeOfAnotherNodeArrivesInOrderWithItsUserAsSent() {
    List<TaskChange> sent = new ArrayList<>();
    String[] users = {"alice", null, "o'brien \"the\" \\admin\\", "zoë ☃ 名前", "tab\tnew\nline"};
    TaskEventKind[] kinds = TaskEventKind.values();
    for (int i = 0; i < 1_000; i++) { // about 60 bytes each: several payloads
      sent.add(new TaskChange("node-a", "task-" + i, kinds[i % kinds.length], users[i % 5]));
    }

    PgChangeFeed.announce(jdbi, sent);

    await().atMost(Duration.ofSeconds(20)).until(() -> received().size() >= sent.size());
    assertThat(received()).containsExactlyElementsOf(sent);
  }

  @Test
  void nonAsciiUserIdsAreMeasuredInBytesSoEveryPayloadFitsNotify() {
    String user = "名".repeat(200); // the longest user id: 200 characters, 600 bytes in UTF-8
    List<TaskChange> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // ~60,000 bytes: a payload cut at 7,000 characters is too big
      sent.add(new TaskChange("node-a", "task-" + i, TaskEventKind.PROGRESS, user));
    }

    PgChangeFeed.announce(jdbi, sent);

    await().atMost(Duration.ofSeconds(20)).until(() -> received().size() >= sent.size());
    assertThat(received()).containsExactlyElementsOf(sent);
  }

  @Test
  void theListeningNodesOwnChangesAreNotDelivered() {
    TaskChange fromA = new TaskChange("node-a", "t1", TaskEventKind.STARTED, "alice");
    TaskChange fromB = new TaskChange("node-b", "t2", TaskEventKind.STARTED, "alice");
    TaskChange fromBee = new TaskChange("node-bee", "t3", TaskEventKind.SUCCEEDED, null);
    TaskChange last = new TaskChange("node-a", "t4", TaskEventKind.SUCCEEDED, "bob");

    PgChangeFeed.announce(jdbi, List.of(fromA, fromB, fromBee));
    PgChangeFeed.announce(jdbi, List.of(fromB, last));

    await().atMost(Duration.ofSeconds(20)).until(() -> received.contains(last));
    assertThat(received()).containsExactly(fromA, fromBee, last);
  }
}
