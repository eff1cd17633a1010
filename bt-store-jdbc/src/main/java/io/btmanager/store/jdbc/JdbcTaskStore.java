package io.btmanager.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ChangeFeed;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.spi.StoreCapabilities;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.spi.TaskChange;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
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
public final class JdbcTaskStore implements TaskStore {
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final AutoCloseable pool;
  private final StoreCapabilities capabilities;
  private final DatabaseClock clock;
  private final SqlTaskRecords records;
  private final SqlWorkQueue queue;
  private final SqlCatalog catalog;
  private final ChangeFeed feed;

  private JdbcTaskStore(
      Builder b, DataSource dataSource, Dialect dialect, AutoCloseable pool, boolean inMemory) {
    this.dialect = dialect;
    this.pool = pool;
    this.jdbi = Jdbi.create(dataSource);
    this.clock = new DatabaseClock(jdbi, b.clock);
    Submits submits = new Submits(dialect);
    this.records = new SqlTaskRecords(jdbi, dialect, submits, clock::now);
    this.queue = new SqlWorkQueue(jdbi, dialect, clock::now);
    this.catalog = new SqlCatalog(jdbi, submits);
    this.feed = dialect.changeFeed(jdbi, dataSource);
    this.capabilities = dialect.capabilities(!inMemory);
    if (b.applySchema) {
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

  @Override
  public SubmitResult submit(NewTask task) {
    return records.submit(task);
  }

  @Override
  public List<SubmitResult> submitAll(List<NewTask> tasks) {
    return records.submitAll(tasks);
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

  @Override
  public Optional<StoredTask> find(String id) {
    return records.find(id);
  }

  @Override
  public List<StoredTask> findAll(Collection<String> ids) {
    return records.findAll(ids);
  }

  @Override
  public StorePage query(String owner, TaskQuery query) {
    return records.query(owner, query);
  }

  @Override
  public OptionalLong queuePosition(String id) {
    return records.queuePosition(id);
  }

  /** One statement for the whole batch. */
  @Override
  public Map<String, Long> queuePositions(Collection<String> ids) {
    return records.queuePositions(ids);
  }

  @Override
  public boolean detachOwner(String id, long version, String owner) {
    return records.detachOwner(id, version, owner);
  }

  @Override
  public boolean requestCancel(String id, long version) {
    return records.requestCancel(id, version);
  }

  @Override
  public boolean cancelWaiting(String id, long version, TaskError error) {
    return records.cancelWaiting(id, version, error);
  }

  @Override
  public boolean editDetails(DetailsEdit edit) {
    return records.editDetails(edit);
  }

  @Override
  public boolean delete(String id, long version) {
    return records.delete(id, version);
  }

  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    return records.purgeFinishedBefore(cutoff, max);
  }

  @Override
  public List<Execution> executions(String taskId) {
    return records.executions(taskId);
  }

  @Override
  public List<StoredTask> claim(ClaimRequest request) {
    return queue.claim(request);
  }

  @Override
  public Map<String, LeaseStatus> extendLeases(Map<String, String> leaseTokens, Duration lease) {
    return queue.extendLeases(leaseTokens, lease);
  }

  @Override
  public boolean saveProgress(String taskId, String leaseToken, Progress progress) {
    return queue.saveProgress(taskId, leaseToken, progress);
  }

  @Override
  public List<Boolean> complete(List<Completion> completions) {
    return queue.complete(completions);
  }

  /** Outcomes and claims in one transaction (one commit); see {@link SqlWorkQueue}. */
  @Override
  public Turnover completeAndClaim(List<Completion> completions, ClaimRequest request) {
    return queue.completeAndClaim(completions, request);
  }

  @Override
  public List<StoredTask> expiredLeases(int max) {
    return queue.expiredLeases(max);
  }

  @Override
  public boolean returnExpiredLease(LeaseReturn expired) {
    return queue.returnExpiredLease(expired);
  }

  @Override
  public Optional<Duration> typicalRunTime(String type) {
    return queue.typicalRunTime(type);
  }

  @Override
  public void insertConfiguration(Configuration c) {
    catalog.insertConfiguration(c);
  }

  @Override
  public boolean updateConfiguration(Configuration c) {
    return catalog.updateConfiguration(c);
  }

  @Override
  public Optional<Configuration> findConfiguration(String id) {
    return catalog.findConfiguration(id);
  }

  @Override
  public List<Configuration> configurations(String owner) {
    return catalog.configurations(owner);
  }

  @Override
  public ConfigurationDeletion deleteConfiguration(String id) {
    return catalog.deleteConfiguration(id);
  }

  @Override
  public void insertScheduleEntry(ScheduleEntry e) {
    catalog.insertScheduleEntry(e);
  }

  @Override
  public boolean updateScheduleEntry(ScheduleEntry e) {
    return catalog.updateScheduleEntry(e);
  }

  @Override
  public Optional<ScheduleEntry> findScheduleEntry(String id) {
    return catalog.findScheduleEntry(id);
  }

  @Override
  public List<ScheduleEntry> scheduleEntries(String owner) {
    return catalog.scheduleEntries(owner);
  }

  @Override
  public boolean deleteScheduleEntry(String id) {
    return catalog.deleteScheduleEntry(id);
  }

  @Override
  public List<ScheduleEntry> dueScheduleEntries(Instant now, Set<String> types, int max) {
    return catalog.dueScheduleEntries(now, types, max);
  }

  @Override
  public OccurrenceFired fireOccurrence(Occurrence occurrence) {
    return catalog.fireOccurrence(occurrence);
  }

  /** On PostgreSQL: NOTIFY to the other nodes (see {@link PgChangeFeed}); elsewhere nothing. */
  @Override
  public void announce(List<TaskChange> changes) {
    if (!changes.isEmpty()) {
      Guard.run("announce task changes", () -> feed.announce(changes));
    }
  }

  /** On PostgreSQL: LISTEN on a dedicated connection; elsewhere nothing is ever delivered. */
  @Override
  public AutoCloseable listen(String node, Consumer<TaskChange> listener) {
    return feed.listen(node, listener);
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
