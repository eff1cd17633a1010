package io.btmanager.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.TaskChange;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * not replayed (its listeners refresh instead). A payload (under 8,000 bytes) is one node's
 * changes, its node first: {@code ["node",["task id","KIND","user"],…]}, so that a listener skips
 * its own node's notes without reading them.
 */
public final class PgChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(PgChangeFeed.class);
  private static final Sql SQL = Sql.of("postgresql/PgChangeFeed");
  private static final String NOTIFY = SQL.get("notify");
  private static final String LISTEN = SQL.get("listen");
  private static final int MAX_PAYLOAD = 7_000; // bytes; PostgreSQL refuses 8,000 or more
  private static final ObjectMapper JSON = new ObjectMapper();

  private PgChangeFeed() {}

  /** Sends the changes in as few NOTIFYs as fit, in one transaction. */
  public static void announce(Jdbi jdbi, List<TaskChange> changes) {
    List<String> payloads = new ArrayList<>();
    StringBuilder payload = new StringBuilder();
    int bytes = 0; // NOTIFY limits the payload in bytes, and user ids need not be ASCII
    String node = null;
    for (TaskChange c : changes) {
      String row = "[" + quoted(c.taskId()) + ",\"" + c.kind().name() + "\","
          + quoted(c.user() == null ? "" : c.user()) + "]";
      int rowBytes = utf8Length(row);
      if (!c.node().equals(node) || bytes + rowBytes + 2 > MAX_PAYLOAD) {
        if (node != null) {
          payloads.add(payload.append(']').toString());
        }
        node = c.node();
        payload.setLength(0);
        payload.append(prefix(node));
        bytes = utf8Length(payload);
      } else {
        payload.append(',');
        bytes++;
      }
      payload.append(row);
      bytes += rowBytes;
    }
    if (node != null) {
      payloads.add(payload.append(']').toString());
    }
    jdbi.useTransaction(h -> {
      for (String p : payloads) {
        h.createQuery(NOTIFY).bind("p", p).mapTo(String.class).findOne();
      }
    });
  }

  private static int utf8Length(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  /** How a payload of {@code node}'s changes begins. */
  private static String prefix(String node) {
    return "[" + quoted(node) + ",";
  }

  private static String quoted(String s) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
  }

  /**
   * Listens on a dedicated connection in a daemon thread until the handle is closed; delivers the
   * changes of nodes other than {@code node}.
   */
  public static AutoCloseable listen(
      DataSource dataSource, String node, Consumer<TaskChange> listener) {
    Listener l = new Listener(dataSource, prefix(node), listener);
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
    /** How the payloads of the listening node's own changes begin. */
    private final String own;

    private final Consumer<TaskChange> listener;
    volatile boolean stopped;

    Listener(DataSource dataSource, String own, Consumer<TaskChange> listener) {
      this.dataSource = dataSource;
      this.own = own;
      this.listener = listener;
    }

    @Override
    public void run() {
      long backoff = 100;
      while (!stopped) {
        try (Connection c = dataSource.getConnection()) {
          try (Statement s = c.createStatement()) {
            s.execute(LISTEN);
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
          LOG.warn(
              "task change feed disconnected (changes from other nodes are missed until it is"
                  + " back); reconnecting in {} ms: {}",
              backoff,
              e.getMessage());
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
      if (payload.startsWith(own)) {
        return;
      }
      try {
        JsonNode note = JSON.readTree(payload);
        String node = note.get(0).textValue();
        for (int i = 1; i < note.size(); i++) {
          JsonNode r = note.get(i);
          String user = r.get(2).textValue();
          listener.accept(new TaskChange(
              Objects.requireNonNull(node),
              r.get(0).textValue(),
              TaskEventKind.valueOf(r.get(1).textValue()),
              user.isEmpty() ? null : user));
        }
      } catch (JsonProcessingException | RuntimeException e) {
        LOG.warn("ignored an unreadable task change note: {}", payload, e);
      }
    }
  }
}
