package io.btmanager.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.StoreRejectedException;
import io.btmanager.core.query.TaskQuery;
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
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
import io.btmanager.store.jdbc.internal.Catalog;
import io.btmanager.store.jdbc.internal.DatabaseClock;
import io.btmanager.store.jdbc.internal.Dialect;
import io.btmanager.store.jdbc.internal.Guard;
import io.btmanager.store.jdbc.internal.Migrations;
import io.btmanager.store.jdbc.internal.PgChangeFeed;
import io.btmanager.store.jdbc.internal.Submits;
import io.btmanager.store.jdbc.internal.TaskReads;
import io.btmanager.store.jdbc.internal.TaskWrites;
import io.btmanager.store.jdbc.internal.WorkerWrites;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTaskStore.class);
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final Submits submits;
  private final WorkerWrites worker;
  private final AutoCloseable pool;
  private final StoreCapabilities capabilities;
  private final DataSource dataSource;
  private final DatabaseClock clock;
  private final ThreadLocal<org.jdbi.v3.core.Handle> hostTransaction = new ThreadLocal<>();

  private JdbcTaskStore(
      Builder b, DataSource dataSource, Dialect dialect, AutoCloseable pool, boolean inMemory) {
    this.dialect = dialect;
    this.pool = pool;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.clock = new DatabaseClock(jdbi, b.clock);
    this.submits = new Submits(dialect);
    this.worker = new WorkerWrites(dialect, clock::now);
    this.capabilities = StoreCapabilities.builder()
        .survivesRestart(!inMemory)
        .sharedAcrossNodes(dialect == Dialect.POSTGRESQL)
        .batchesCommits(true)
        .changeFeed(dialect == Dialect.POSTGRESQL)
        .filtersQueries(true)
        .build();
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
    return submitAll(List.of(task)).get(0);
  }

  @Override
  public List<SubmitResult> submitAll(List<NewTask> tasks) {
    org.jdbi.v3.core.Handle host = hostTransaction.get();
    if (host != null) {
      return Guard.call("store the task", () -> submits.submitIn(host, tasks));
    }
    return Guard.call("store the task", () -> submits.submit(jdbi, tasks));
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
    if (connection == null || work == null) {
      throw new InvalidInputException(
          connection == null ? "connection" : "work",
          "is null",
          connection == null ? "the host's open JDBC connection" : "the submits to make in it");
    }
    if (hostTransaction.get() != null) {
      throw new IllegalStateException("already inside inTransaction on this thread");
    }
    org.jdbi.v3.core.Handle h = Jdbi.create(new HostConnection(connection)).open();
    hostTransaction.set(h);
    try {
      return work.get();
    } finally {
      hostTransaction.remove();
      h.close();
    }
  }

  /** Hands JDBI the host's connection and never closes it: the host owns it. */
  private record HostConnection(java.sql.Connection connection)
      implements org.jdbi.v3.core.ConnectionFactory {
    @Override
    public java.sql.Connection openConnection() {
      return connection;
    }

    @Override
    public void closeConnection(java.sql.Connection toClose) {}
  }

  @Override
  public Optional<StoredTask> find(String id) {
    return Guard.call("read a task", () -> jdbi.withHandle(h -> TaskReads.find(h, id)));
  }

  @Override
  public List<StoredTask> findAll(Collection<String> ids) {
    return Guard.call(
        "read tasks",
        () -> jdbi.withHandle(h -> List.copyOf(TaskReads.load(h, ids).values())));
  }

  @Override
  public StorePage query(String owner, TaskQuery query) {
    return Guard.call(
        "list tasks", () -> jdbi.inTransaction(h -> TaskReads.query(h, owner, query)));
  }

  @Override
  public OptionalLong queuePosition(String id) {
    return Guard.call(
        "count the queue",
        () -> jdbi.withHandle(h -> TaskReads.queuePosition(h, dialect, id, now())));
  }

  /** One statement for the whole batch. */
  @Override
  public Map<String, Long> queuePositions(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Instant now = now();
    return Guard.call(
        "count the queue",
        () -> jdbi.withHandle(h -> TaskReads.queuePositions(h, dialect, ids, now)));
  }

  @Override
  public boolean detachOwner(String id, long version, String owner) {
    return Guard.call(
        "detach an owner",
        () -> jdbi.inTransaction(h -> TaskWrites.detachOwner(h, id, version, owner)));
  }

  @Override
  public boolean requestCancel(String id, long version) {
    return Guard.call(
        "request a cancel", () -> jdbi.withHandle(h -> TaskWrites.requestCancel(h, id, version)));
  }

  @Override
  public boolean cancelWaiting(String id, long version, TaskError error) {
    Instant now = now();
    return Guard.call(
        "cancel a task",
        () -> jdbi.withHandle(h -> TaskWrites.cancelWaiting(h, id, version, error, now)));
  }

  @Override
  public boolean editDetails(DetailsEdit edit) {
    return Guard.call("edit a task", () -> jdbi.withHandle(h -> TaskWrites.editDetails(h, edit)));
  }

  @Override
  public boolean delete(String id, long version) {
    return Guard.call(
        "delete a task", () -> jdbi.inTransaction(h -> TaskWrites.delete(h, id, version)));
  }

  @Override
  public List<StoredTask> claim(ClaimRequest request) {
    return Guard.call("claim tasks", () -> worker.claim(jdbi, request));
  }

  @Override
  public Map<String, LeaseStatus> extendLeases(Map<String, String> leaseTokens, Duration lease) {
    if (leaseTokens.isEmpty()) {
      return Map.of();
    }
    return Guard.call(
        "extend leases", () -> jdbi.inTransaction(h -> worker.extendLeases(h, leaseTokens, lease)));
  }

  @Override
  public boolean saveProgress(String taskId, String leaseToken, Progress progress) {
    return Guard.call(
        "save progress",
        () -> jdbi.inTransaction(h -> WorkerWrites.saveProgress(h, taskId, leaseToken, progress)));
  }

  @Override
  public List<Boolean> complete(List<Completion> completions) {
    try {
      return Guard.call("record outcomes", () -> worker.complete(jdbi, completions));
    } catch (StoreRejectedException rejected) {
      return oneByOne(completions, rejected);
    }
  }

  /**
   * Outcomes and claims in one transaction (one commit). When the database refuses a value in one
   * outcome, the others (often other workers' batched with it) are written one by one, and the
   * refused one reports not applied, as if its lease were lost.
   */
  @Override
  public Turnover completeAndClaim(List<Completion> completions, ClaimRequest request) {
    try {
      return Guard.call(
          "record outcomes and claim tasks",
          () -> worker.completeAndClaim(jdbi, completions, request));
    } catch (StoreRejectedException rejected) {
      List<Boolean> applied = oneByOne(completions, rejected);
      return new Turnover(applied, request.max() > 0 ? claim(request) : List.of());
    }
  }

  private List<Boolean> oneByOne(List<Completion> completions, StoreRejectedException rejected) {
    if (completions.size() < 2) {
      throw rejected;
    }
    List<Boolean> applied = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      try {
        applied.addAll(Guard.call("record an outcome", () -> worker.complete(jdbi, List.of(c))));
      } catch (StoreRejectedException alone) {
        LOG.warn("the outcome of task {} was refused by the database", c.taskId(), alone);
        applied.add(false);
      }
    }
    return applied;
  }

  @Override
  public List<StoredTask> expiredLeases(int max) {
    return Guard.call(
        "find expired leases", () -> jdbi.withHandle(h -> TaskReads.expiredLeases(h, max, now())));
  }

  @Override
  public boolean returnExpiredLease(LeaseReturn expired) {
    Instant now = now();
    return Guard.call(
        "return an expired lease",
        () -> jdbi.inTransaction(h -> TaskWrites.returnExpiredLease(h, expired, now)));
  }

  @Override
  public Optional<Duration> typicalRunTime(String type) {
    return Guard.call(
        "read run times", () -> jdbi.withHandle(h -> TaskReads.typicalRunTime(h, type)));
  }

  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    return Guard.call(
        "purge old tasks",
        () -> jdbi.inTransaction(h -> TaskWrites.purgeFinishedBefore(h, cutoff, max)));
  }

  @Override
  public List<Execution> executions(String taskId) {
    return Guard.call(
        "read executions", () -> jdbi.withHandle(h -> TaskReads.executions(h, taskId)));
  }

  @Override
  public void insertConfiguration(Configuration c) {
    Guard.run(
        "save a configuration", () -> jdbi.useTransaction(h -> Catalog.insertConfiguration(h, c)));
  }

  @Override
  public boolean updateConfiguration(Configuration c) {
    return Guard.call(
        "update a configuration", () -> jdbi.inTransaction(h -> Catalog.updateConfiguration(h, c)));
  }

  @Override
  public Optional<Configuration> findConfiguration(String id) {
    return Guard.call(
        "read a configuration", () -> jdbi.withHandle(h -> Catalog.findConfiguration(h, id)));
  }

  @Override
  public List<Configuration> configurations(String owner) {
    return Guard.call(
        "list configurations", () -> jdbi.withHandle(h -> Catalog.configurations(h, owner)));
  }

  @Override
  public ConfigurationDeletion deleteConfiguration(String id) {
    return Guard.call(
        "delete a configuration",
        () -> jdbi.inTransaction(h -> Catalog.deleteConfiguration(h, id)));
  }

  @Override
  public void insertScheduleEntry(ScheduleEntry e) {
    Guard.run(
        "save a schedule entry", () -> jdbi.useTransaction(h -> Catalog.insertScheduleEntry(h, e)));
  }

  @Override
  public boolean updateScheduleEntry(ScheduleEntry e) {
    return Guard.call(
        "update a schedule entry",
        () -> jdbi.inTransaction(h -> Catalog.updateScheduleEntry(h, e)));
  }

  @Override
  public Optional<ScheduleEntry> findScheduleEntry(String id) {
    return Guard.call(
        "read a schedule entry", () -> jdbi.withHandle(h -> Catalog.findScheduleEntry(h, id)));
  }

  @Override
  public List<ScheduleEntry> scheduleEntries(String owner) {
    return Guard.call(
        "list schedule entries", () -> jdbi.withHandle(h -> Catalog.scheduleEntries(h, owner)));
  }

  @Override
  public boolean deleteScheduleEntry(String id) {
    return Guard.call(
        "delete a schedule entry",
        () -> jdbi.inTransaction(h -> Catalog.deleteScheduleEntry(h, id)));
  }

  @Override
  public List<ScheduleEntry> dueScheduleEntries(Instant now, Set<String> types, int max) {
    return Guard.call(
        "find due schedule entries",
        () -> jdbi.withHandle(h -> Catalog.dueScheduleEntries(h, now, types, max)));
  }

  @Override
  public OccurrenceFired fireOccurrence(Occurrence occurrence) {
    return Guard.call("fire a schedule occurrence", () -> submits.fire(jdbi, occurrence));
  }

  /** On PostgreSQL: NOTIFY to the other nodes (see {@link PgChangeFeed}); elsewhere nothing. */
  @Override
  public void announce(List<io.btmanager.core.spi.TaskChange> changes) {
    if (capabilities.changeFeed() && !changes.isEmpty()) {
      Guard.run("announce task changes", () -> PgChangeFeed.announce(jdbi, changes));
    }
  }

  /** On PostgreSQL: LISTEN on a dedicated connection; elsewhere nothing is ever delivered. */
  @Override
  public AutoCloseable listen(
      String node, java.util.function.Consumer<io.btmanager.core.spi.TaskChange> l) {
    return capabilities.changeFeed() ? PgChangeFeed.listen(dataSource, node, l) : () -> {};
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
      this.dialect = switch (String.valueOf(dialectName).toLowerCase(java.util.Locale.ROOT)) {
        case "h2" -> Dialect.H2;
        case "postgresql", "postgres" -> Dialect.POSTGRESQL;
        default ->
          throw new InvalidInputException(
              "dialect", "is '" + dialectName + "'", "h2 or postgresql");
      };
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
      HikariConfig c = new HikariConfig();
      c.setJdbcUrl(url);
      c.setUsername(user);
      c.setPassword(password);
      c.setMaximumPoolSize(poolSize);
      c.setPoolName("bt-store");
      c.setConnectionTimeout(5_000);
      c.setInitializationFailTimeout(-1); // a database that is down at start is retried later
      HikariDataSource pool = new HikariDataSource(c);
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
