package io.btmanager.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the tests use: an embedded one (zonky's binaries, pinned by the BOM in this
 * module's pom) started once per JVM on loopback, or the external server named by {@code
 * BT_TEST_POSTGRES_URL} (a JDBC URL of a database whose user may CREATE DATABASE; user and password
 * from {@code BT_TEST_POSTGRES_USER} / {@code BT_TEST_POSTGRES_PASSWORD}). A test that cannot get
 * its server fails: nothing is skipped.
 */
public final class PostgresServer {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer instance;

  private final EmbeddedPostgres embedded;
  private final String adminUrl;
  private final String user;
  private final String password;

  private PostgresServer(EmbeddedPostgres embedded, String adminUrl, String user, String password) {
    this.embedded = embedded;
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
  }

  /** The one server of this JVM, started on first use. */
  public static synchronized PostgresServer get() {
    if (instance == null) {
      String external = System.getenv("BT_TEST_POSTGRES_URL");
      if (external != null && !external.isBlank()) {
        instance = new PostgresServer(
            null,
            external,
            System.getenv("BT_TEST_POSTGRES_USER"),
            System.getenv("BT_TEST_POSTGRES_PASSWORD"));
      } else {
        try {
          EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
          instance =
              new PostgresServer(pg, pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
          throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
        }
      }
    }
    return instance;
  }

  /** A new, empty database on the server; returns its JDBC URL. */
  public String newDatabase() {
    String name = "bt_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    int slash = adminUrl.lastIndexOf('/');
    int query = adminUrl.indexOf('?', slash);
    return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
  }

  /** A store on a new, empty database. */
  public JdbcTaskStore newStore() {
    return JdbcTaskStore.postgres(newDatabase(), user, password);
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** The embedded server, or null when an external one is used. */
  EmbeddedPostgres embedded() {
    return embedded;
  }
}
