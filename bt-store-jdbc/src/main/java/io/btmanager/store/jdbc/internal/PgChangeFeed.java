package io.btmanager.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.TaskChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task changes between nodes over PostgreSQL's LISTEN/NOTIFY: no table grows, no node polls, and a
 * note reaches the others as soon as it is sent. Chosen over a polled events table for latency and
 * for leaving nothing to clean up; the price is that notes sent while a node is disconnected are
 * not replayed (its listeners refresh instead). A payload holds many changes (under 8,000 bytes).
 */
public final class PgChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
  private static final String CHANNEL = "bt_task_changes";
  private static final int MAX_PAYLOAD = 7_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<List<String>>> ROWS = new TypeReference<>() {};

  private PgChangeFeed() {}

  /** Sends the changes in as few NOTIFYs as fit, in one transaction. */
  public static void announce(Jdbi jdbi, List<TaskChange> changes) {
    List<String> payloads = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    int size = 2;
    for (TaskChange c : changes) {
      List<String> row =
          List.of(c.node(), c.taskId(), c.kind().name(), c.user() == null ? "" : c.user());
      int rowSize = write(row).length() + 1;
      if (size + rowSize > MAX_PAYLOAD && !rows.isEmpty()) {
        payloads.add(write(rows));
        rows = new ArrayList<>();
        size = 2;
      }
      rows.add(row);
      size += rowSize;
    }
    if (!rows.isEmpty()) {
      payloads.add(write(rows));
    }
    jdbi.useTransaction(h -> {
      for (String p : payloads) {
        h.createQuery("SELECT pg_notify('" + CHANNEL + "', :p)")
            .bind("p", p)
            .mapTo(String.class)
            .findOne();
      }
    });
  }

  /** Listens on a dedicated connection in a daemon thread until the handle is closed. */
  public static AutoCloseable listen(DataSource dataSource, Consumer<TaskChange> listener) {
    Listener l = new Listener(dataSource, listener);
    Thread t = new Thread(l, "bt-change-feed");
    t.setDaemon(true);
    t.start();
    return () -> {
      l.stopped = true;
      t.interrupt();
      t.join(2_000);
    };
  }

  private static final class Listener implements Runnable {
    private final DataSource dataSource;
    private final Consumer<TaskChange> listener;
    volatile boolean stopped;

    Listener(DataSource dataSource, Consumer<TaskChange> listener) {
      this.dataSource = dataSource;
      this.listener = listener;
    }

    @Override
    public void run() {
      long backoff = 100;
      while (!stopped) {
        try (Connection c = dataSource.getConnection()) {
          try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
          }
          backoff = 100;
          PGConnection pg = c.unwrap(PGConnection.class);
          while (!stopped) {
            PGNotification[] notes = pg.getNotifications(500);
            if (notes != null) {
              for (PGNotification n : notes) {
                deliver(n.getParameter());
              }
            }
          }
        } catch (SQLException | RuntimeException e) {
          if (stopped) {
            return;
          }
          LOG.debug(
              "task change feed disconnected; reconnecting in {} ms: {}", backoff, e.getMessage());
          try {
            Thread.sleep(backoff); // reconnect backoff of a background thread, not a test wait
          } catch (InterruptedException ie) {
            return;
          }
          backoff = Math.min(backoff * 2, 10_000);
        }
      }
    }

    private void deliver(String payload) {
      try {
        for (List<String> r : JSON.readValue(payload, ROWS)) {
          listener.accept(new TaskChange(
              r.get(0),
              r.get(1),
              TaskEventKind.valueOf(r.get(2)),
              r.get(3).isEmpty() ? null : r.get(3)));
        }
      } catch (JsonProcessingException | RuntimeException e) {
        LOG.warn("ignored an unreadable task change note: {}", payload, e);
      }
    }
  }

  private static String write(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
