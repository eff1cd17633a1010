package io.btmanager.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.ChangeFeed;
import io.btmanager.core.spi.ComposedTaskStore;
import io.btmanager.core.spi.StoreCapabilities;
import io.btmanager.core.spi.TaskChange;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.store.jdbc.internal.ConnectionPool;
import io.btmanager.store.jdbc.internal.DatabaseClock;
import io.btmanager.store.jdbc.internal.Dialect;
import io.btmanager.store.jdbc.internal.Guard;
import io.btmanager.store.jdbc.internal.Migrations;
import io.btmanager.store.jdbc.internal.PgChangeFeed;
import io.btmanager.store.jdbc.internal.SqlCatalog;
import io.btmanager.store.jdbc.internal.SqlTaskRecords;
import io.btmanager.store.jdbc.internal.SqlWorkQueue;
import io.btmanager.store.jdbc.internal.Submits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link TaskStore} on SQL: H2 (an embedded file, or in memory) for a single server, PostgreSQL
 * for several servers sharing the work. Thread-safe; every operation is one transaction.
 * Deduplication rests on a unique index of the active dedup key, claims on {@code FOR UPDATE SKIP
 * LOCKED}, lease expiry on the database's clock. The schema is created or migrated on start unless
 * the host applies the DDL itself ({@link Builder#applySchema(boolean)}).
 *
 * <p>What a task costs the database: a batch submit is a few statements whatever its size; the
 * workers of a node that are between two tasks share one transaction for their outcomes and their
 * next claims ({@link #completeAndClaim}; on PostgreSQL one round trip and the commit); a finished
 * task's last attempt is read from its own row rather than written as an execution row.
 *
 * <pre>{@code
 * TaskStore store = JdbcTaskStore.h2(Path.of("data/tasks"));                  // one server
 * TaskStore store = JdbcTaskStore.postgres("jdbc:postgresql://db/app", "app", secret); // many
 * }</pre>
 */
public final class JdbcTaskStore extends ComposedTaskStore {
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final AutoCloseable pool;
  private final StoreCapabilities capabilities;
  private final DatabaseClock clock;
  private final SqlTaskRecords records;
  private final ChangeFeed feed;

  /** The store's parts, made before the store (they are handed to its super constructor). */
  private record Parts(
      Jdbi jdbi,
      DatabaseClock clock,
      SqlTaskRecords records,
      SqlWorkQueue queue,
      SqlCatalog catalog,
      ChangeFeed feed) {
    static Parts of(Builder b, DataSource dataSource, Dialect dialect) {
      Jdbi jdbi = Jdbi.create(dataSource);
      DatabaseClock clock = new DatabaseClock(jdbi, b.clock);
      Submits submits = new Submits(dialect);
      return new Parts(
          jdbi,
          clock,
          new SqlTaskRecords(jdbi, dialect, submits, clock::now),
          new SqlWorkQueue(jdbi, dialect, clock::now),
          new SqlCatalog(jdbi, submits),
          dialect.changeFeed(jdbi, dataSource));
    }
  }

  private JdbcTaskStore(
      Builder b, DataSource dataSource, Dialect dialect, AutoCloseable pool, boolean inMemory) {
    this(Parts.of(b, dataSource, dialect), b.applySchema, dialect, pool, inMemory);
  }

  private JdbcTaskStore(
      Parts parts, boolean applySchema, Dialect dialect, AutoCloseable pool, boolean inMemory) {
    super(parts.records(), parts.queue(), parts.catalog(), parts.feed());
    this.dialect = dialect;
    this.pool = pool;
    this.jdbi = parts.jdbi();
    this.clock = parts.clock();
    this.records = parts.records();
    this.feed = parts.feed();
    this.capabilities = dialect.capabilities(!inMemory);
    if (applySchema) {
      Guard.run("apply its schema", () -> Migrations.apply(jdbi, dialect));
    }
    clock.now(); // the first reading of the database's clock, when it is up
  }

  /**
   * A store in an embedded H2 database file at {@code file} (".mv.db" is added by H2). Each commit
   * is written to the file before the call returns ({@code WRITE_DELAY=0}; H2's default would keep
   * it in memory for up to half a second), so a submit that returned survives the JVM dying.
   */
  public static JdbcTaskStore h2(Path file) {
    if (file == null) {
      throw new InvalidInputException("file", "is null", "a path, e.g. Path.of(\"data/tasks\")");
    }
    return builder()
        .url("jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0")
        .build();
  }

  /**
   * A store in a private in-memory H2 database named {@code name}: for tests. Its tasks are gone
   * when it is closed or the process ends; they do not survive a restart.
   */
  public static JdbcTaskStore h2InMemory(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,100}")) {
      throw new InvalidInputException(
          "name", "is '" + name + "'", "1 to 100 letters, digits, '_' and '-'");
    }
    return builder().url("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1").build();
  }

  /** A store in PostgreSQL, pooled by HikariCP. */
  public static JdbcTaskStore postgres(String url, String user, String password) {
    return builder().url(url).user(user).password(password).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The JDBI instance on the store's database (for hosts and tests that need plain SQL). */
  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public StoreCapabilities capabilities() {
    return capabilities;
  }

  /**
   * The database's clock (read every few seconds and carried forward by the JVM's monotonic
   * clock), or the clock given to {@link Builder#clock} for tests.
   */
  @Override
  public Instant now() {
    return clock.now();
  }

  /**
   * Runs {@code work} so that the submits it makes on this thread (through any {@code UserTasks}
   * of a manager on this store) are written in the host's own transaction on {@code connection}:
   * the tasks exist only if the host commits it, and vanish with a rollback. The connection must
   * reach this store's database, with auto-commit off; the host commits or rolls back, never this
   * store. Other calls inside {@code work} use the store's own connections, so they do not see the
   * uncommitted tasks; neither do executors until the commit.
   *
   * <pre>{@code
   * try (Connection c = dataSource.getConnection()) {
   *   c.setAutoCommit(false);
   *   insertOrder(c, order);                                       // the host's business data
   *   Submitted<URI> s = store.inTransaction(c, () -> alice.submit(resize, args));
   *   c.commit();                                                   // the task exists from here
   * }
   * }</pre>
   *
   * Listeners on this node see the CREATED event at submit, before the host commits.
   */
  public <T> T inTransaction(java.sql.Connection connection, java.util.function.Supplier<T> work) {
    return records.inTransaction(connection, work);
  }

  /** On PostgreSQL: NOTIFY to the other nodes (see {@link PgChangeFeed}); elsewhere nothing. */
  @Override
  public void announce(List<TaskChange> changes) {
    if (!changes.isEmpty()) {
      Guard.run("announce task changes", () -> feed.announce(changes));
    }
  }

  /** Closes the connection pool this store created (a host's own DataSource is left open). */
  @Override
  public void close() {
    if (pool != null) {
      try {
        pool.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the connection pool failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcTaskStore[" + dialect + "]";
  }

  /**
   * Builds a {@link JdbcTaskStore}; setters validate at once. Either a URL (the store pools it) or
   * the host's DataSource, not both. Each {@link #build()} makes an independent store with a pool
   * of its own.
   */
  public static final class Builder {
    private String url;
    private String user;
    private String password;
    private int poolSize = 10;
    private DataSource dataSource;
    private Dialect dialect;
    private boolean applySchema = true;
    private Clock clock;

    private Builder() {}

    /** A JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql:...}; the store pools it. */
    public Builder url(String url) {
      if (url == null || !(url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"))) {
        throw new InvalidInputException(
            "url", "is '" + url + "'", "jdbc:h2:... or jdbc:postgresql:...");
      }
      this.url = url;
      return this;
    }

    /** The database user of a URL; default none. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** The database password of a URL; default none. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The most pooled connections; default 10. */
    public Builder poolSize(int size) {
      if (size < 1 || size > 1_000) {
        throw new InvalidInputException("poolSize", "is " + size, "1 to 1000");
      }
      this.poolSize = size;
      return this;
    }

    /**
     * The host's own DataSource (pooled by the host) in place of a URL; {@code dialectName} says
     * which database: {@code h2} or {@code postgresql}.
     */
    public Builder dataSource(DataSource dataSource, String dialectName) {
      if (dataSource == null) {
        throw new InvalidInputException(
            "dataSource", "is null", "the host's DataSource, or url(...) in its place");
      }
      this.dialect = Dialect.ofName(dialectName);
      if (dialect == null) {
        throw new InvalidInputException("dialect", "is '" + dialectName + "'", "h2 or postgresql");
      }
      this.dataSource = dataSource;
      return this;
    }

    /**
     * Whether the store creates or migrates its tables on start (default true). Turn it off when
     * the host applies the DDL itself from {@code io/btmanager/store/jdbc/schema/<dialect>/} in
     * this jar, recording versions in {@code bt_schema_version}.
     */
    public Builder applySchema(boolean apply) {
      this.applySchema = apply;
      return this;
    }

    /**
     * For tests: a clock that replaces the database's as the store's clock ({@link #now()}): every
     * time the store and the managers on it write or judge (started, finished, due, retry back-off,
     * lease expiry, queue positions) is read from it, so a test moves time instead of waiting.
     * Every node sharing the database must be given the same clock. Default: the database's.
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new InvalidInputException("clock", "is null", "a java.time.Clock");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Builds the store and applies its schema. When that fails, the pool this call created is
     * closed before the failure is thrown.
     *
     * @throws InvalidInputException when neither or both of a URL and a DataSource were given
     * @throws io.btmanager.core.exception.StoreUnavailableException when the database cannot be
     *     reached to apply the schema
     */
    public JdbcTaskStore build() {
      if (dataSource != null) {
        if (url != null || user != null || password != null) {
          throw new InvalidInputException(
              url != null ? "url" : "user",
              "is given together with a DataSource",
              "either url (with user and password) or dataSource, not both");
        }
        return new JdbcTaskStore(this, dataSource, dialect, null, false);
      }
      if (url == null) {
        throw new InvalidInputException("url", "is missing", "a JDBC URL or a DataSource");
      }
      HikariDataSource pool = ConnectionPool.open(url, user, password, poolSize);
      try {
        return new JdbcTaskStore(
            this, pool, Dialect.ofUrl(url), pool, url.startsWith("jdbc:h2:mem:"));
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
    }
  }
}
