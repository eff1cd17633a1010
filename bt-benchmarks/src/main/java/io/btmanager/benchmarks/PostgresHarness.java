package io.btmanager.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One embedded PostgreSQL (zonky's binaries, version pinned by the BOM in this module's pom) per
 * JMH trial, with DURABLE settings: zonky starts its server with {@code -F} (fsync off) and {@code
 * synchronous_commit=off}; both are overridden here ({@code fsync=on}, {@code
 * synchronous_commit=on}, {@code full_page_writes=on}) and checked with {@code SHOW} at start (a
 * trial on a non-durable server fails). The version and settings are printed into the output.
 *
 * <p>Each system gets a fresh database ({@link #newDatabase}). Around each timed phase, {@link
 * #begin} and {@link #end} read the database's {@code pg_stat_database} counters (commits, rows
 * inserted/updated/deleted), the cluster's WAL position ({@code pg_current_wal_lsn()}) and its next
 * transaction id (write transactions, i.e. transactions that had to be made durable) and print what
 * each task cost, with the CPU time the JVM and the server spent meanwhile ({@link CpuClock}).
 * PostgreSQL flushes a backend's statistics at most once a second and an idle
 * backend's only after 10 s, so both first {@link #settle settle} them: every idle connection of
 * the system's pools is asked to flush at once ({@code pg_stat_force_next_flush()}, which the
 * backend does before it answers), and the harness's own short-lived connections are waited for
 * until they have gone. The pools keep their connections: closing them would make every timed
 * phase start on new backends, with cold caches and nothing prepared, which is not how a host runs
 * (measured here: about a fifth of bt-manager's throughput). All of this is outside the timed
 * phase.
 */
@State(Scope.Benchmark)
public class PostgresHarness {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String USER = "postgres";

  private EmbeddedPostgres server;
  private Connection admin;
  private String description;

  /** Costs of the current iteration, and of every measurement iteration of the trial. */
  final Cost iteration = new Cost();

  private final Cost measured = new Cost();
  private boolean measuring;
  private String lastLabel = "";
  private Snapshot before;
  private CpuClock cpu;
  /** When the timed phase began. */
  private Mark started;
  /** The end of the timed phase's submit, if the benchmark marked it ({@link #submitted}). */
  private Mark submitted;

  private static final long SETTLE_MILLIS = 3_000;
  /** The application name of the pools' connections: {@code bench-pool:} and the pool's name. */
  private static final String POOL_APPLICATION = "bench-pool:";

  @Setup(Level.Trial)
  public void start() throws SQLException {
    try {
      server = EmbeddedPostgres.builder()
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
    }
    admin = DriverManager.getConnection(server.getJdbcUrl(USER, "postgres"), USER, USER);
    cpu = new CpuClock(Long.parseLong(text("SELECT pg_backend_pid()")));
    String version = text("SHOW server_version");
    String fsync = text("SHOW fsync");
    String synchronousCommit = text("SHOW synchronous_commit");
    String fullPageWrites = text("SHOW full_page_writes");
    String walLevel = text("SHOW wal_level");
    String sharedBuffers = text("SHOW shared_buffers");
    if (!fsync.equals("on") || !synchronousCommit.equals("on")) {
      throw new IllegalStateException("the embedded PostgreSQL is not durable: fsync=" + fsync
          + ", synchronous_commit=" + synchronousCommit);
    }
    description = "PostgreSQL " + version + " (embedded, zonky) fsync=" + fsync
        + " synchronous_commit=" + synchronousCommit + " full_page_writes=" + fullPageWrites
        + " wal_level=" + walLevel + " shared_buffers=" + sharedBuffers;
    System.out.println("[pg] " + description);
  }

  @Setup(Level.Iteration)
  public void startIteration(IterationParams params) {
    iteration.clear();
    measuring = params.getType() == IterationType.MEASUREMENT;
  }

  @TearDown(Level.Iteration)
  public void endIteration() {
    if (measuring) {
      measured.add(iteration);
    }
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException, SQLException {
    if (measured.tasks > 0) {
      System.out.println(
          "[pg-cost] " + lastLabel + " over all measurement iterations: " + measured.perTask());
    }
    admin.close();
    server.close();
  }

  /** The server's version and durability settings. */
  String description() {
    return description;
  }

  /** Creates a new, empty database; returns its name. */
  String newDatabase(String prefix) {
    String name = prefix + "_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name);
    return name;
  }

  /** The JDBC URL of database {@code db}. */
  String url(String db) {
    return server.getJdbcUrl(USER, db);
  }

  /** A HikariCP pool of {@code size} connections on {@code db}. */
  HikariDataSource pool(String db, int size, String name) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url(db));
    c.setUsername(USER);
    c.setPassword(USER);
    c.setMaximumPoolSize(size);
    c.setPoolName(name);
    c.addDataSourceProperty("ApplicationName", POOL_APPLICATION + name);
    return new HikariDataSource(c);
  }

  /**
   * Empties bt-manager's task tables on {@code db}: tasks, their owners and their executions. All
   * three are named: owners and executions have no foreign key for a cascade to follow (schema
   * V002), and a {@code TRUNCATE bt_task CASCADE} left them growing by a batch every invocation (a
   * million owner rows by the end of a trial) while each peer's tables were emptied.
   */
  void emptyTaskTables(String db) {
    execute(db, "TRUNCATE bt_task, bt_task_owner, bt_execution");
  }

  /** Runs {@code sql} on {@code db} on a connection of its own, closed afterwards. */
  void execute(String db, String sql) {
    try (Connection c = DriverManager.getConnection(url(db), USER, USER);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("failed on " + db + ": " + sql, e);
    }
  }

  private void execute(String sql) {
    try (Statement s = admin.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("failed: " + sql, e);
    }
  }

  private String text(String sql) throws SQLException {
    try (Statement s = admin.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Settles {@code db}'s statistics, then records the counters before a timed phase.
   *
   * @param pools every pool the system under test has on {@code db}
   */
  void begin(String db, List<HikariDataSource> pools) {
    settle(db, pools);
    before = snapshot(db);
    started = now();
    submitted = null;
  }

  /**
   * Marks the end of the submit in the timed phase: the cost line then splits the phase in two, the
   * submit and the rest (running and confirming), each with its wall time and CPU per task.
   */
  void submitted() {
    submitted = now();
  }

  private Mark now() {
    return new Mark(System.nanoTime(), CpuClock.jvm(), cpu.server());
  }

  /** Wall time and the two CPU times at one moment. */
  private record Mark(long nanos, long jvmCpu, long serverCpu) {}

  /**
   * Settles {@code db}'s statistics after a timed phase of {@code tasks} tasks, prints what each
   * task cost and adds it to the iteration's figures.
   */
  void end(String db, List<HikariDataSource> pools, int tasks, String label) {
    Mark last = now();
    String phases = submitted == null
        ? ""
        : "; submit " + phase(started, submitted, tasks) + ", then "
            + phase(submitted, last, tasks);
    int asked = settle(db, pools);
    Snapshot after = snapshot(db);
    Cost c = new Cost();
    c.tasks = tasks;
    c.jvmCpuNanos = last.jvmCpu() - started.jvmCpu();
    c.serverCpuNanos = started.serverCpu() < 0 || last.serverCpu() < 0
        ? -1
        : last.serverCpu() - started.serverCpu();
    c.commits = after.commits - before.commits - asked;
    c.inserted = after.inserted - before.inserted;
    c.updated = after.updated - before.updated;
    c.deleted = after.deleted - before.deleted;
    c.walBytes = after.walBytes - before.walBytes;
    c.writeXacts = after.nextXid - before.nextXid;
    iteration.add(c);
    lastLabel = label;
    System.out.println("[pg-cost] " + label + ": " + c.perTask() + phases);
  }

  /** Wall time from {@code from} to {@code to}, and the CPU each side spent per task meanwhile. */
  private static String phase(Mark from, Mark to, int tasks) {
    String server = from.serverCpu() < 0 || to.serverCpu() < 0
        ? "?"
        : String.format(Locale.ROOT, "%.0f", (to.serverCpu() - from.serverCpu()) / 1e3 / tasks);
    return String.format(
        Locale.ROOT,
        "%.0f ms (CPU %.0f µs JVM, %s µs PostgreSQL a task)",
        (to.nanos() - from.nanos()) / 1e6,
        (to.jvmCpu() - from.jvmCpu()) / 1e3 / tasks,
        server);
  }

  /**
   * Makes the statistics of {@code db} current: each idle connection of the pools flushes its
   * backend's statistics ({@code pg_stat_force_next_flush()}), and every other backend on {@code db}
   * (the harness's own short-lived connections) is waited for until it has gone. Returns the commits
   * this added (one per connection asked), which the caller subtracts. A connection a system holds
   * for good (a LISTEN connection, say) is not idle, so not asked; it does no work of its own.
   */
  int settle(String db, List<HikariDataSource> pools) {
    int asked = 0;
    for (HikariDataSource p : pools) {
      asked += flushIdle(p);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS);
    while (!others(db).isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("backends " + others(db) + " on " + db
            + " outside the system's pools did not go within " + SETTLE_MILLIS + " ms");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    return asked;
  }

  /** Asks each idle connection of {@code pool} to flush its statistics; returns how many. */
  private static int flushIdle(HikariDataSource pool) {
    int idle = pool.getHikariPoolMXBean().getIdleConnections();
    List<Connection> borrowed = new ArrayList<>(idle);
    try {
      for (int i = 0; i < idle; i++) {
        Connection c = pool.getConnection();
        borrowed.add(c);
        try (Statement s = c.createStatement()) {
          s.execute("SELECT pg_stat_force_next_flush()");
        }
      }
      return borrowed.size();
    } catch (SQLException e) {
      throw new IllegalStateException("could not flush the statistics of " + pool.getPoolName(), e);
    } finally {
      for (Connection c : borrowed) {
        try {
          c.close();
        } catch (SQLException e) {
          // returning a connection to its pool; nothing to do
        }
      }
    }
  }

  /** The backends on {@code db} that belong to no pool of the harness (see {@link #pool}). */
  private Set<Integer> others(String db) {
    Set<Integer> pids = new HashSet<>();
    try (PreparedStatement s = admin.prepareStatement("SELECT pid FROM pg_stat_activity"
        + " WHERE datname = ? AND pid <> pg_backend_pid() AND application_name NOT LIKE ?")) {
      s.setString(1, db);
      s.setString(2, POOL_APPLICATION + "%");
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not list the backends on " + db, e);
    }
    return pids;
  }

  private Snapshot snapshot(String db) {
    try (PreparedStatement s = admin.prepareStatement("SELECT d.xact_commit, d.tup_inserted,"
        + " d.tup_updated, d.tup_deleted, (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint,"
        + " pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
        + " FROM pg_stat_database d WHERE d.datname = ?")) {
      s.setString(1, db);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no pg_stat_database row for " + db);
        }
        return new Snapshot(
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getLong(4),
            rs.getLong(5),
            rs.getLong(6));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the statistics of " + db, e);
    }
  }

  /** Counters at one moment: the database's, the cluster's WAL position and next xid. */
  private record Snapshot(
      long commits, long inserted, long updated, long deleted, long walBytes, long nextXid) {}

  /** What a number of tasks cost the database. */
  static final class Cost {
    long tasks;
    long commits;
    long writeXacts;
    long inserted;
    long updated;
    long deleted;
    long walBytes;
    long jvmCpuNanos;
    /** -1 when the server's CPU time is unknown (no {@code /proc}). */
    long serverCpuNanos;

    void clear() {
      tasks = commits = writeXacts = inserted = updated = deleted = walBytes = 0;
      jvmCpuNanos = serverCpuNanos = 0;
    }

    void add(Cost c) {
      tasks += c.tasks;
      commits += c.commits;
      writeXacts += c.writeXacts;
      inserted += c.inserted;
      updated += c.updated;
      deleted += c.deleted;
      walBytes += c.walBytes;
      jvmCpuNanos += c.jvmCpuNanos;
      serverCpuNanos =
          serverCpuNanos < 0 || c.serverCpuNanos < 0 ? -1 : serverCpuNanos + c.serverCpuNanos;
    }

    double per(long n) {
      return tasks == 0 ? 0 : (double) n / tasks;
    }

    String perTask() {
      return String.format(
          Locale.ROOT,
          "%d tasks; per task: %.3f commits (%.3f write xacts),"
              + " rows %.2f inserted / %.2f updated / %.2f deleted, %.0f WAL bytes;"
              + " CPU %.0f µs in the JVM, %s in PostgreSQL",
          tasks,
          per(commits),
          per(writeXacts),
          per(inserted),
          per(updated),
          per(deleted),
          per(walBytes),
          per(jvmCpuNanos) / 1_000,
          serverCpuNanos < 0
              ? "unknown"
              : String.format(Locale.ROOT, "%.0f µs", per(serverCpuNanos) / 1_000));
    }
  }

  /** The pools as a list, for {@link #begin} and {@link #end}. */
  static List<HikariDataSource> pools(HikariDataSource... pools) {
    return new ArrayList<>(List.of(pools));
  }
}
