package io.btmanager.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.benchmarks.EndToEnd.BtSqlSettings;
import io.btmanager.benchmarks.EndToEnd.SqlWork;
import io.btmanager.benchmarks.EndToEnd.TaskManagerParts;
import io.btmanager.core.AdminTasks;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.quartz.QuartzExecutor;
import io.btmanager.store.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/** The systems of {@code EndToEnd.quartz} and {@code EndToEnd.quartzJdbc}: both on Quartz. */
public final class QuartzSystems {
  private QuartzSystems() {}

  /**
   * bt-manager on PostgreSQL, one node, its tasks on the Quartz executor's own (in-memory) scheduler
   * with as many threads as the local executor's {@code EndToEnd.postgres} node; bt-manager's store
   * decides who runs what.
   */
  @State(Scope.Benchmark)
  public static class BtQuartz {
    PostgresHarness pg;
    String db;
    HikariDataSource pool;
    JdbcTaskStore store;
    TaskManager manager;
    UserTasks alice;
    AdminTasks admin;
    TaskManagerParts parts;
    final TaskQuery succeeded = TaskQuery.all().state(TaskState.SUCCEEDED).page(0, 1);

    @Setup(Level.Trial)
    public void start(PostgresHarness pg, SqlWork work, BtSqlSettings settings) {
      this.pg = pg;
      db = pg.newDatabase("bt_quartz");
      parts = new TaskManagerParts(work);
      pool = pg.pool(db, settings.poolSize, "bt-quartz");
      store = JdbcTaskStore.builder().dataSource(pool, "postgresql").build();
      manager = TaskManager.builder()
          .store(store)
          .nodeId("quartz-node")
          .pollInterval(BtSqlSettings.POLL)
          .executor(QuartzExecutor.builder()
              .threads(settings.nodeThreads)
              .claimBatch(settings.sqlClaimBatch)
              .build())
          .register(parts.noop)
          .build();
      alice = manager.forUser("alice");
      admin = manager.admin();
      System.out.println("[bench] bt-manager on Quartz on " + pg.description() + ": 1 node x "
          + settings.nodeThreads + " Quartz threads, claim batch " + settings.sqlClaimBatch
          + ", poll " + BtSqlSettings.POLL.toMillis() + " ms, pool " + settings.poolSize);
    }

    @Setup(Level.Invocation)
    public void before() {
      pg.begin(db, List.of(pool));
    }

    @TearDown(Level.Invocation)
    public void after(SqlWork work) {
      pg.end(db, List.of(pool), work.sqlBatch, "EndToEnd.quartz");
      pg.emptyTaskTables(db);
    }

    @TearDown(Level.Trial)
    public void stop() {
      manager.close();
      store.close();
      pool.close();
    }
  }

  /**
   * Quartz on its own JDBC job store (JobStoreTX, not clustered) on PostgreSQL, at its best: its own
   * tables from its jar ({@code tables_postgres.sql}), 20 threads (as db-scheduler and JobRunr),
   * triggers acquired in batches of the thread count, the batch stored with one {@code
   * scheduleJobs} call, each task a one-shot job (a non-durable job and a trigger due now, both
   * deleted when it has run). Completion: the jobs' latch, then no trigger or job row left.
   */
  @State(Scope.Benchmark)
  public static class QuartzJdbc {
    /** Quartz's worker threads. */
    @Param("20")
    int quartzThreads;

    /** Quartz refuses less. */
    static final long IDLE_WAIT_MS = 1000;

    PostgresHarness pg;
    String db;
    HikariDataSource pool;
    Scheduler scheduler;

    @Setup(Level.Trial)
    public void start(PostgresHarness pg) throws SchedulerException {
      this.pg = pg;
      db = pg.newDatabase("quartz");
      pg.execute(db, ddl());
      pool = pg.pool(db, quartzThreads + 2, "quartz");
      String source = "bench-" + db;
      DBConnectionManager.getInstance().addConnectionProvider(source, new Pooled(pool));
      Properties p = new Properties();
      p.setProperty("org.quartz.scheduler.instanceName", "quartz-" + db);
      p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(quartzThreads));
      p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
      p.setProperty(
          "org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(quartzThreads));
      // its least idle wait (storing a batch wakes the scheduler thread anyway)
      p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(IDLE_WAIT_MS));
      p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
      p.setProperty(
          "org.quartz.jobStore.driverDelegateClass",
          "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
      p.setProperty("org.quartz.jobStore.dataSource", source);
      p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
      scheduler = new StdSchedulerFactory(p).getScheduler();
      scheduler.start();
      System.out.println("[bench] Quartz JobStoreTX on " + pg.description() + ": " + quartzThreads
          + " threads, trigger batches of " + quartzThreads + ", idle wait " + IDLE_WAIT_MS
          + " ms, pool " + (quartzThreads + 2));
    }

    private static String ddl() {
      try (InputStream in = Scheduler.class.getResourceAsStream(
          "/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
        String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return sql.replaceAll("(?m)^--.*$", "").replace("commit;", "");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The batch as one-shot jobs, one trigger due now each, stored in one call. */
    void schedule(SqlWork work) {
      NoopJob.done = work.done;
      Map<JobDetail, Set<? extends Trigger>> jobs = new HashMap<>();
      for (Noop args : work.batch) {
        JobDetail job =
            JobBuilder.newJob(NoopJob.class).withIdentity("t" + args.n()).build();
        jobs.put(
            job,
            Set.of(TriggerBuilder.newTrigger()
                .withIdentity("t" + args.n())
                .forJob(job)
                .startNow()
                .build()));
      }
      try {
        scheduler.scheduleJobs(jobs, false);
      } catch (SchedulerException e) {
        throw new IllegalStateException("Quartz refused the batch", e);
      }
    }

    long remaining() {
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(
              "SELECT (SELECT count(*) FROM qrtz_triggers) + (SELECT count(*) FROM qrtz_job_details)")) {
        rs.next();
        return rs.getLong(1);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Setup(Level.Invocation)
    public void before() {
      pg.begin(db, List.of(pool));
    }

    @TearDown(Level.Invocation)
    public void after(SqlWork work) {
      pg.end(db, List.of(pool), work.sqlBatch, "EndToEnd.quartzJdbc");
    }

    @TearDown(Level.Trial)
    public void stop() throws SchedulerException {
      scheduler.shutdown(true);
      pool.close();
    }
  }

  /** Quartz's connections from a HikariCP pool. */
  private record Pooled(HikariDataSource pool) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return pool.getConnection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }

  /** The no-op Quartz job: counts down the current batch's latch. */
  public static final class NoopJob implements Job {
    /** The current batch's latch. */
    static volatile CountDownLatch done = new CountDownLatch(0);

    @Override
    public void execute(JobExecutionContext context) {
      done.countDown();
    }
  }
}
