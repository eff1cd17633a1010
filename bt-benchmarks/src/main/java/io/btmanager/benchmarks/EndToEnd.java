package io.btmanager.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.core.AdminTasks;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.store.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Throughput of no-op tasks from the first submit until every task is recorded as SUCCEEDED in the
 * store (BENCHMARKS.md), in tasks per second: each invocation submits {@value #BATCH} distinct
 * tasks and waits for all of them. Beside it, the ceiling: the same no-op work on a plain {@link
 * ThreadPoolExecutor} with the same number of threads.
 *
 * <p>Completion is detected without polling per task: the handler counts down a latch, and then
 * one admin listing counts the SUCCEEDED tasks in the store until it reaches the batch (the
 * handler returns before the worker records the outcome). Finished tasks are purged between
 * invocations, outside the timed section, so every invocation starts from an empty store.
 *
 * <p>On SQL, side by side with the peers (BENCHMARKS.md), each invocation runs {@value #SQL_BATCH}
 * (parameter {@code sqlBatch}) no-op tasks from the first submit until all are recorded as succeeded in the store, on one
 * durable embedded PostgreSQL per trial ({@link PostgresHarness}; a fresh database per system):
 * {@link #postgres} (bt-manager, {@code nodes} managers each with its own {@link JdbcTaskStore} on
 * the same database), {@link #h2} (bt-manager on an H2 file), {@link #dbScheduler} and {@link
 * #jobRunr}. The tables are emptied between invocations, outside the timed section; the warm-up
 * iterations run a few batches first in the same JVM. The PostgreSQL benchmarks also report what
 * each task cost the database ({@link DbCost}), and print each invocation's time and CPU split at
 * the end of its submit ({@link PostgresHarness#submitted}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EndToEnd.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EndToEnd {
  /** Tasks per invocation. */
  static final int BATCH = 10_000;

  /** What every benchmark here shares: the thread count and a fresh batch of arguments. */
  @State(Scope.Benchmark)
  public static class Work {
    /** Worker threads, for the manager's executor and the bare pool alike. */
    @Param("4")
    int threads;

    volatile CountDownLatch done = new CountDownLatch(0);
    List<Noop> batch;
    private long next;

    @Setup(Level.Invocation)
    public void nextBatch() {
      List<Noop> b = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        b.add(new Noop(next++));
      }
      batch = b;
      done = new CountDownLatch(BATCH);
    }
  }

  /** One manager for the whole trial: in-memory store, local executor. */
  @State(Scope.Benchmark)
  public static class Manager {
    /** The local executor's claim batch (its default is 32). */
    @Param("32")
    int claimBatch;

    InMemoryTaskStore store;
    TaskManager manager;
    UserTasks alice;
    AdminTasks admin;
    TaskDefinition<Noop, Void> noop;
    private final TaskQuery succeeded =
        TaskQuery.all().state(TaskState.SUCCEEDED).page(0, 1);

    @Setup(Level.Trial)
    public void start(Work work) {
      store = InMemoryTaskStore.create();
      noop = Noop.type((ctx, args) -> {
        work.done.countDown();
        return null;
      });
      manager = TaskManager.builder()
          .store(store)
          .executor(LocalExecutor.builder()
              .threads(work.threads)
              .claimBatch(claimBatch)
              .build())
          .register(noop)
          .build();
      alice = manager.forUser("alice");
      admin = manager.admin();
    }

    /** Waits for the handlers, then until the store holds every task of the batch as SUCCEEDED. */
    void awaitSucceeded(Work work) throws InterruptedException {
      Waits.await(work.done, "the no-op handlers");
      Waits.until(() -> admin.list(succeeded).total() >= BATCH, "SUCCEEDED in the store");
    }

    @TearDown(Level.Invocation)
    public void purge() {
      while (store.purgeFinishedBefore(Instant.MAX, 10_000) > 0) {
        // purged in bounded batches until none is left
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      manager.close();
    }
  }

  /** The ceiling: a plain fixed pool with an unbounded queue. */
  @State(Scope.Benchmark)
  public static class BarePool {
    ThreadPoolExecutor pool;

    @Setup(Level.Trial)
    public void start(Work work) {
      pool = new ThreadPoolExecutor(
          work.threads, work.threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
      pool.prestartAllCoreThreads();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The batch in one {@code submitAll} call (one store batch). */
  @Benchmark
  public void inMemory(Work work, Manager m) throws InterruptedException {
    m.alice.submitAll(m.noop, work.batch, o -> {});
    m.awaitSucceeded(work);
  }

  /** The batch as one {@code submit} call per task, from one thread. */
  @Benchmark
  public void inMemorySubmitLoop(Work work, Manager m) throws InterruptedException {
    for (Noop args : work.batch) {
      m.alice.submit(m.noop, args);
    }
    m.awaitSucceeded(work);
  }

  /** The same no-op work (count down, nothing else) on a bare {@link ThreadPoolExecutor}. */
  @Benchmark
  public void bareThreadPool(Work work, BarePool p) throws InterruptedException {
    CountDownLatch done = work.done;
    for (int i = 0; i < BATCH; i++) {
      Noop args = work.batch.get(i);
      p.pool.execute(() -> {
        if (args != null) {
          done.countDown();
        }
      });
    }
    Waits.await(done, "the no-op runnables");
  }

  // ---------------------------------------------------------------------------------------------
  // On SQL: bt-manager on PostgreSQL and H2, db-scheduler and JobRunr on PostgreSQL.
  // ---------------------------------------------------------------------------------------------

  /** Tasks per invocation of the SQL benchmarks. */
  static final int SQL_BATCH = 5_000;

  /**
   * Warm-up iterations of the SQL benchmarks (a batch or two each). The JIT compilers are at work
   * for the first ~150,000 tasks: the JVM's CPU per task fell from ~150 to ~35 µs (bt-manager) and
   * from ~160 to ~68 µs (db-scheduler) only after 23 and 30 iterations, so forty.
   */
  static final int SQL_WARMUPS = 40;

  /** Measured iterations of the SQL benchmarks: steady once warm, ten give error bars of ~±8 %. */
  static final int SQL_MEASUREMENTS = 10;

  /** How often the SQL benchmarks re-check the store once the handlers have run: 2 ms. */
  private static final long STORE_CHECK_NANOS = 2_000_000;

  /**
   * A fresh batch of {@code sqlBatch} distinct arguments, and the handlers' latch. The batch must
   * match the operations per invocation JMH divides by: {@value #SQL_BATCH} by default; a run with
   * smaller batches passes both, e.g. {@code -p sqlBatch=1000 -opi 1000} (run.sh --quick does).
   */
  @State(Scope.Benchmark)
  public static class SqlWork {
    /** Tasks per invocation. */
    @Param("5000")
    int sqlBatch;

    volatile CountDownLatch done = new CountDownLatch(0);
    List<Noop> batch;
    private long next;

    @Setup(Level.Trial)
    public void check(BenchmarkParams params) {
      if (params.getOpsPerInvocation() != sqlBatch) {
        throw new IllegalStateException("sqlBatch=" + sqlBatch + " but JMH divides by "
            + params.getOpsPerInvocation() + " operations per invocation: pass -opi " + sqlBatch);
      }
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
      List<Noop> b = new ArrayList<>(sqlBatch);
      for (int i = 0; i < sqlBatch; i++) {
        b.add(new Noop(next++));
      }
      batch = b;
      done = new CountDownLatch(sqlBatch);
    }
  }

  /** bt-manager's settings on SQL. */
  @State(Scope.Benchmark)
  public static class BtSqlSettings {
    /**
     * Worker threads per node. On SQL a worker between two tasks joins the others in one
     * transaction (their outcomes and their next claims, {@code TaskStore.completeAndClaim}), so
     * the threads are what a commit is shared by: no-op tasks spend their time waiting for that
     * commit. With 64 threads a node keeps two turn writes in flight, each of 32 tasks or more
     * (a second write starts once 32 workers wait). (db-scheduler and JobRunr commit at
     * least once per task whatever their thread count; {@code -p dbSchedulerThreads=64 -p
     * jobRunrWorkers=64} shows it.)
     */
    @Param("64")
    int nodeThreads;

    /** The local executor's claim batch. */
    @Param("64")
    int sqlClaimBatch;

    /** Connections in each node's pool (JdbcTaskStore's default). */
    @Param("10")
    int poolSize;

    /** How often an idle executor polls the store. */
    static final Duration POLL = Duration.ofMillis(200);

    TaskManager node(TaskManagerParts parts, JdbcTaskStore store, String name) {
      return TaskManager.builder()
          .store(store)
          .nodeId(name)
          .pollInterval(POLL)
          .executor(LocalExecutor.builder()
              .threads(nodeThreads)
              .claimBatch(sqlClaimBatch)
              .threadNamePrefix(name + "-")
              .build())
          .register(parts.noop)
          .build();
    }
  }

  /** What the nodes of one bt-manager cluster share: the task type, whose handler counts down. */
  static final class TaskManagerParts {
    final TaskDefinition<Noop, Void> noop;

    TaskManagerParts(SqlWork work) {
      noop = Noop.type((ctx, args) -> {
        work.done.countDown();
        return null;
      });
    }
  }

  /** bt-manager on PostgreSQL: {@code nodes} managers, each with its own store and pool. */
  @State(Scope.Benchmark)
  public static class BtPostgres {
    /** Managers (nodes) on the same database; the batch is split between them. */
    @Param({"1", "2"})
    int nodes;

    PostgresHarness pg;
    String db;
    final List<HikariDataSource> pools = new ArrayList<>();
    final List<JdbcTaskStore> stores = new ArrayList<>();
    final List<TaskManager> managers = new ArrayList<>();
    final List<UserTasks> users = new ArrayList<>();
    TaskManagerParts parts;
    AdminTasks admin;
    ExecutorService submitters;
    private final TaskQuery succeeded =
        TaskQuery.all().state(TaskState.SUCCEEDED).page(0, 1);

    @Setup(Level.Trial)
    public void start(PostgresHarness pg, SqlWork work, BtSqlSettings settings) {
      this.pg = pg;
      db = pg.newDatabase("bt_manager");
      parts = new TaskManagerParts(work);
      for (int i = 1; i <= nodes; i++) {
        HikariDataSource pool = pg.pool(db, settings.poolSize, "bt-node" + i);
        JdbcTaskStore store =
            JdbcTaskStore.builder().dataSource(pool, "postgresql").build();
        TaskManager m = settings.node(parts, store, "node" + i);
        pools.add(pool);
        stores.add(store);
        managers.add(m);
        users.add(m.forUser("alice"));
      }
      admin = managers.get(0).admin();
      submitters = Executors.newFixedThreadPool(nodes);
      System.out.println("[bench] bt-manager on " + pg.description() + ": " + nodes
          + " node(s) x " + settings.nodeThreads + " threads, claim batch "
          + settings.sqlClaimBatch + ", poll " + BtSqlSettings.POLL.toMillis() + " ms, pool "
          + settings.poolSize + " per node");
    }

    @Setup(Level.Invocation)
    public void before() {
      pg.begin(db, pools);
    }

    @TearDown(Level.Invocation)
    public void after(SqlWork work) {
      pg.end(db, pools, work.sqlBatch, "EndToEnd.postgres nodes=" + nodes);
      pg.emptyTaskTables(db);
    }

    @TearDown(Level.Trial)
    public void stop() {
      submitters.shutdownNow();
      for (TaskManager m : managers) {
        m.close();
      }
      for (JdbcTaskStore s : stores) {
        s.close();
      }
      for (HikariDataSource p : pools) {
        p.close();
      }
    }
  }

  /** bt-manager on an H2 file (one node). */
  @State(Scope.Benchmark)
  public static class BtH2 {
    Path dir;
    JdbcTaskStore store;
    TaskManager manager;
    UserTasks alice;
    AdminTasks admin;
    TaskManagerParts parts;
    private final TaskQuery succeeded =
        TaskQuery.all().state(TaskState.SUCCEEDED).page(0, 1);

    @Setup(Level.Trial)
    public void start(SqlWork work, BtSqlSettings settings) throws IOException {
      dir = Files.createTempDirectory("bt-bench-h2");
      store = JdbcTaskStore.h2(dir.resolve("tasks"));
      parts = new TaskManagerParts(work);
      manager = settings.node(parts, store, "h2-node");
      alice = manager.forUser("alice");
      admin = manager.admin();
    }

    /** Purges the finished tasks (not with Instant.MAX: H2 cannot store that timestamp). */
    @TearDown(Level.Invocation)
    public void purge() {
      Instant cutoff = store.now().plus(Duration.ofDays(1));
      while (store.purgeFinishedBefore(cutoff, 10_000) > 0) {
        // purged in bounded batches until none is left
      }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      manager.close();
      store.close();
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * db-scheduler on PostgreSQL at its best (BENCHMARKS.md): its own table and indexes from its
   * documentation ({@code postgresql_tables.sql}), {@code pollUsingLockAndFetch(1.0, 4.0)}, 20
   * threads, {@code scheduleBatch}. A one-time task's row is deleted when it succeeds, so "recorded
   * as succeeded" is "no row left". Its polling interval is set to bt-manager's (200 ms; its default
   * is 10 s), so neither waits longer than the other to notice a batch.
   */
  @State(Scope.Benchmark)
  public static class DbSchedulerSystem {
    /** The scheduler's executor threads. */
    @Param("20")
    int dbSchedulerThreads;

    static final String DDL = """
        CREATE TABLE scheduled_tasks (
          task_name text NOT NULL,
          task_instance text NOT NULL,
          task_data bytea,
          execution_time timestamp with time zone NOT NULL,
          picked BOOLEAN NOT NULL,
          picked_by text,
          last_success timestamp with time zone,
          last_failure timestamp with time zone,
          consecutive_failures INT,
          last_heartbeat timestamp with time zone,
          version BIGINT NOT NULL,
          priority SMALLINT,
          PRIMARY KEY (task_name, task_instance)
        );
        CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
        CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
        CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
        """;

    PostgresHarness pg;
    String db;
    HikariDataSource pool;
    Scheduler scheduler;
    OneTimeTask<Long> noop;

    @Setup(Level.Trial)
    public void start(PostgresHarness pg, SqlWork work) {
      this.pg = pg;
      db = pg.newDatabase("db_scheduler");
      pg.execute(db, DDL);
      pool = pg.pool(db, dbSchedulerThreads, "db-scheduler");
      noop = Tasks.oneTime("noop", Long.class).execute((instance, ctx) -> work.done.countDown());
      scheduler = Scheduler.create(pool, noop)
          .threads(dbSchedulerThreads)
          .pollUsingLockAndFetch(1.0, 4.0)
          .pollingInterval(BtSqlSettings.POLL)
          .enableImmediateExecution()
          .build();
      scheduler.start();
      System.out.println("[bench] db-scheduler on " + pg.description() + ": "
          + dbSchedulerThreads + " threads, lock-and-fetch (1.0, 4.0), poll "
          + BtSqlSettings.POLL.toMillis() + " ms, pool " + dbSchedulerThreads);
    }

    long remaining() {
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM scheduled_tasks")) {
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
      pg.end(db, List.of(pool), work.sqlBatch, "EndToEnd.dbScheduler");
      pg.execute(db, "TRUNCATE scheduled_tasks");
    }

    @TearDown(Level.Trial)
    public void stop() {
      scheduler.stop();
      pool.close();
    }
  }

  /**
   * JobRunr on PostgreSQL at its best (BENCHMARKS.md): its storage provider creates its tables,
   * bulk {@code enqueue(Stream, lambda)}, worker count set explicitly, poll interval at its minimum
   * on SQL (5 s: JobRunr refuses less). Completion: the jobs' latch, then its storage's count of
   * SUCCEEDED jobs.
   */
  @State(Scope.Benchmark)
  public static class JobRunrSystem {
    /** JobRunr's worker count. */
    @Param("20")
    int jobRunrWorkers;

    static final Duration POLL = Duration.ofSeconds(5);

    PostgresHarness pg;
    String db;
    HikariDataSource pool;
    StorageProvider storage;
    JobScheduler scheduler;

    @Setup(Level.Trial)
    public void start(PostgresHarness pg) {
      this.pg = pg;
      db = pg.newDatabase("jobrunr");
      pool = pg.pool(db, jobRunrWorkers, "jobrunr");
      storage = new PostgresStorageProvider(pool);
      JobRunrConfigurationResult r = JobRunr.configure()
          .useJsonMapper(new JacksonJsonMapper())
          .useStorageProvider(storage)
          .useBackgroundJobServer(
              BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                  .andWorkerCount(jobRunrWorkers)
                  .andPollInterval(POLL))
          .initialize();
      scheduler = r.getJobScheduler();
      System.out.println("[bench] JobRunr on " + pg.description() + ": " + jobRunrWorkers
          + " workers, poll " + POLL.toSeconds() + " s, pool " + jobRunrWorkers);
    }

    @Setup(Level.Invocation)
    public void before() {
      pg.begin(db, List.of(pool));
    }

    @TearDown(Level.Invocation)
    public void after(SqlWork work) {
      pg.end(db, List.of(pool), work.sqlBatch, "EndToEnd.jobRunr");
      pg.execute(db, "TRUNCATE jobrunr_jobs");
    }

    @TearDown(Level.Trial)
    public void stop() {
      JobRunr.destroy();
      pool.close();
    }
  }

  /**
   * bt-manager on PostgreSQL: the batch split between the nodes, each half in one {@code
   * submitAll} from its own thread; then the handlers' latch and one admin listing of SUCCEEDED.
   */
  @Benchmark
  @OperationsPerInvocation(SQL_BATCH)
  @Warmup(iterations = SQL_WARMUPS, time = 1)
  @Measurement(iterations = SQL_MEASUREMENTS, time = 1)
  public void postgres(SqlWork work, BtPostgres s, DbCost cost) throws InterruptedException {
    int n = s.nodes;
    if (n == 1) {
      s.users.get(0).submitAll(s.parts.noop, work.batch, o -> {});
    } else {
      List<CompletableFuture<?>> submits = new ArrayList<>(n);
      int size = work.batch.size();
      int per = (size + n - 1) / n;
      for (int i = 0; i < n; i++) {
        UserTasks user = s.users.get(i);
        List<Noop> part = work.batch.subList(i * per, Math.min(size, (i + 1) * per));
        submits.add(CompletableFuture.runAsync(
            () -> user.submitAll(s.parts.noop, part, o -> {}), s.submitters));
      }
      CompletableFuture.allOf(submits.toArray(CompletableFuture[]::new)).join();
    }
    s.pg.submitted();
    Waits.await(work.done, "the no-op handlers");
    Waits.until(
        () -> s.admin.list(s.succeeded).total() >= work.sqlBatch,
        "SUCCEEDED in the store",
        STORE_CHECK_NANOS);
  }

  /** bt-manager on an H2 file, one node: the batch in one {@code submitAll}. */
  @Benchmark
  @OperationsPerInvocation(SQL_BATCH)
  @Warmup(iterations = SQL_WARMUPS, time = 1)
  @Measurement(iterations = SQL_MEASUREMENTS, time = 1)
  public void h2(SqlWork work, BtH2 s) throws InterruptedException {
    s.alice.submitAll(s.parts.noop, work.batch, o -> {});
    Waits.await(work.done, "the no-op handlers");
    Waits.until(
        () -> s.admin.list(s.succeeded).total() >= work.sqlBatch,
        "SUCCEEDED in the store",
        STORE_CHECK_NANOS);
  }

  /** db-scheduler: the batch in one {@code scheduleBatch}, due now. */
  @Benchmark
  @OperationsPerInvocation(SQL_BATCH)
  @Warmup(iterations = SQL_WARMUPS, time = 1)
  @Measurement(iterations = SQL_MEASUREMENTS, time = 1)
  public void dbScheduler(SqlWork work, DbSchedulerSystem s, DbCost cost)
      throws InterruptedException {
    List<TaskInstance<?>> instances = new ArrayList<>(work.sqlBatch);
    for (Noop args : work.batch) {
      instances.add(s.noop.instance("t" + args.n(), args.n()));
    }
    s.scheduler.scheduleBatch(instances, Instant.now());
    s.pg.submitted();
    Waits.await(work.done, "the db-scheduler handlers");
    Waits.until(() -> s.remaining() == 0, "no scheduled_tasks row left", STORE_CHECK_NANOS);
  }

  /** JobRunr: the batch in one bulk {@code enqueue(Stream, lambda)}. */
  @Benchmark
  @OperationsPerInvocation(SQL_BATCH)
  @Warmup(iterations = SQL_WARMUPS, time = 1)
  @Measurement(iterations = SQL_MEASUREMENTS, time = 1)
  public void jobRunr(SqlWork work, JobRunrSystem s, DbCost cost) throws InterruptedException {
    JobRunrNoop.done = work.done;
    s.scheduler.enqueue(work.batch.stream().map(Noop::n), n -> JobRunrNoop.run(n));
    s.pg.submitted();
    Waits.await(work.done, "the JobRunr jobs");
    Waits.until(
        () -> s.storage.countJobs(StateName.SUCCEEDED) >= work.sqlBatch,
        "SUCCEEDED jobs in JobRunr's storage",
        STORE_CHECK_NANOS);
  }

  /**
   * bt-manager on PostgreSQL with its tasks on the Quartz executor, one node: the batch in one
   * {@code submitAll}; then the handlers' latch and one admin listing of SUCCEEDED.
   */
  @Benchmark
  @OperationsPerInvocation(SQL_BATCH)
  @Warmup(iterations = SQL_WARMUPS, time = 1)
  @Measurement(iterations = SQL_MEASUREMENTS, time = 1)
  public void quartz(SqlWork work, QuartzSystems.BtQuartz s, DbCost cost)
      throws InterruptedException {
    s.alice.submitAll(s.parts.noop, work.batch, o -> {});
    s.pg.submitted();
    Waits.await(work.done, "the no-op handlers on Quartz");
    Waits.until(
        () -> s.admin.list(s.succeeded).total() >= work.sqlBatch,
        "SUCCEEDED in the store",
        STORE_CHECK_NANOS);
  }

  /**
   * Quartz's own JDBC job store: the batch as one-shot jobs (a job and a trigger due now each) in
   * one {@code scheduleJobs}; then the jobs' latch and no trigger or job left in its tables.
   *
   * <p>Fewer iterations than the others: a batch takes Quartz 50 s at first and about 15 s from the
   * fourth on (JVM CPU 1.6 → 0.85 ms, PostgreSQL CPU 8.4 → 1.8 ms a task), so the usual 40 warm-ups
   * and 10 measurements took over 40 minutes; eight warm-ups get it past that fall.
   */
  @Benchmark
  @OperationsPerInvocation(SQL_BATCH)
  @Warmup(iterations = 8, time = 1)
  @Measurement(iterations = 5, time = 1)
  public void quartzJdbc(SqlWork work, QuartzSystems.QuartzJdbc s, DbCost cost)
      throws InterruptedException {
    s.schedule(work);
    s.pg.submitted();
    Waits.await(work.done, "the Quartz jobs");
    Waits.until(() -> s.remaining() == 0, "no Quartz trigger or job row left", STORE_CHECK_NANOS);
  }

  // ---------------------------------------------------------------------------------------------
  // On Redis: bt-manager (1 and 2 nodes) and BullMQ on the same Redis build and settings.
  // ---------------------------------------------------------------------------------------------

  /**
   * bt-manager on Redis: the batch split between the nodes, each part submitted in chunks from its
   * own thread; then the handlers' latch and Redis's count of finished tasks.
   */
  @Benchmark
  @OperationsPerInvocation(SQL_BATCH)
  @Warmup(iterations = SQL_WARMUPS, time = 1)
  @Measurement(iterations = SQL_MEASUREMENTS, time = 1)
  public void redis(SqlWork work, RedisSystems.BtRedis s) throws InterruptedException {
    s.submit(work.batch);
    Waits.await(work.done, "the no-op handlers");
    Waits.until(() -> s.finished() >= work.sqlBatch, "SUCCEEDED in Redis", STORE_CHECK_NANOS);
  }

  /**
   * BullMQ: the same number of no-op jobs added with {@code addBulk}; the invocation ends when its
   * worker has completed every one (each completion recorded in Redis before the event fires).
   */
  @Benchmark
  @OperationsPerInvocation(SQL_BATCH)
  @Warmup(iterations = SQL_WARMUPS, time = 1)
  @Measurement(iterations = SQL_MEASUREMENTS, time = 1)
  public void bullmq(SqlWork work, RedisSystems.BullMq s) {
    s.call("run " + work.sqlBatch, "done");
  }
}
