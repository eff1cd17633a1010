package io.btmanager.store.jdbc;

import static io.btmanager.testkit.cluster.MultiNodeHarness.counting;
import static io.btmanager.testkit.cluster.MultiNodeHarness.describe;
import static io.btmanager.testkit.cluster.MultiNodeHarness.eventually;
import static io.btmanager.testkit.cluster.MultiNodeHarness.notOnce;
import static io.btmanager.testkit.cluster.MultiNodeHarness.seconds;
import static io.btmanager.testkit.cluster.MultiNodeHarness.submitShares;
import static io.btmanager.testkit.cluster.MultiNodeHarness.threadDump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.ManualExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.cluster.MultiNodeHarness;
import io.btmanager.testkit.cluster.SubmitLoad;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several nodes (TaskManagers, each with its own pool) sharing one PostgreSQL database: rule 2 and
 * rule 11 where they are hardest to keep. Each test prints its figures. Waits are bounded and
 * dump every thread when they run out; nothing sleeps to synchronise.
 */
class MultiNodeTest {
  /**
   * Every recorded attempt, in SQL: the execution rows, and the last attempt of each finished task
   * that its own row holds (see {@code WorkerWrites.complete}).
   */
  private static final String EXECUTIONS = "(SELECT outcome, attempt, node FROM bt_execution"
      + " UNION ALL SELECT state, attempt, ran_on FROM bt_task WHERE ran_on IS NOT NULL) e";

  private static final String USER = "alice";

  private final MultiNodeHarness harness = new MultiNodeHarness();

  @AfterEach
  void closeEverything() {
    harness.close();
  }

  // ------------------------------------------------------------------------------ a. throughput

  @Test
  void fourNodesRunTwentyThousandTasksEachExactlyOnce() throws Exception {
    int nodeCount = 4;
    int tasks = 20_000;
    int batch = 500;
    Db db = Db.fresh(this);
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> counted = counting("counted", runs, 0);
    List<TaskManager> nodes = new ArrayList<>();
    for (int n = 0; n < nodeCount; n++) {
      nodes.add(node(
          db.url,
          "node-" + n,
          LocalExecutor.threads(4),
          b -> b.register(counted).pollInterval(Duration.ofMillis(100))));
    }

    // every node submits its share, in batches, all at once
    long start = System.nanoTime();
    List<Submitted<String>> all = submitShares(nodes, USER, counted, tasks, batch);
    long submittedAt = System.nanoTime();
    System.out.printf(
        "a. %,d tasks submitted in %.2f s; %s%n",
        tasks,
        seconds(submittedAt - start),
        db.byKey("SELECT state, COUNT(*) FROM bt_task GROUP BY state"));
    eventually(
        "all " + tasks + " tasks finish",
        Duration.ofSeconds(240),
        Duration.ofMillis(250),
        () -> assertThat(db.byKey("SELECT state, COUNT(*) FROM bt_task GROUP BY state"))
            .isEqualTo(Map.of("SUCCEEDED", (long) tasks)));
    long doneAt = System.nanoTime();

    assertThat(all).hasSize(tasks).noneMatch(Submitted::joined);
    assertThat(all.stream().map(Submitted::id).distinct().count()).isEqualTo(tasks);
    assertThat(runs).hasSize(tasks);
    Map<String, Integer> notOnce = notOnce(runs);
    assertThat(notOnce).as("tasks that did not run exactly once").isEmpty();
    assertThat(db.byKey("SELECT state, COUNT(*) FROM bt_task GROUP BY state"))
        .isEqualTo(Map.of("SUCCEEDED", (long) tasks));
    assertThat(db.byKey("SELECT outcome || ' attempt ' || attempt, COUNT(*) FROM " + EXECUTIONS
            + " GROUP BY outcome, attempt"))
        .isEqualTo(Map.of("SUCCEEDED attempt 1", (long) tasks));
    Map<String, Long> perNode =
        db.byKey("SELECT node, COUNT(*) FROM " + EXECUTIONS + " GROUP BY node");
    assertThat(perNode.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(tasks);

    double total = seconds(doneAt - start);
    StringBuilder s = new StringBuilder();
    s.append(String.format(
        "%n=== a. %d nodes x LocalExecutor(4), %,d distinct tasks, one PostgreSQL" + " ===%n",
        nodeCount, tasks));
    s.append(String.format(
        "  submitted (submitAll, batches of %d)  %6.2f s  %,8.0f tasks/s%n",
        batch, seconds(submittedAt - start), tasks / seconds(submittedAt - start)));
    s.append(String.format(
        "  all SUCCEEDED after                 %6.2f s  %,8.0f tasks/s" + " end to end%n",
        total, tasks / total));
    s.append("  ran exactly once: ")
        .append(tasks - notOnce.size())
        .append(" of ")
        .append(tasks)
        .append("; lost: 0; doubled: 0\n");
    s.append("  share per node:\n");
    new TreeMap<>(perNode)
        .forEach((node, n) ->
            s.append(String.format("    %-8s %,7d  %5.1f %%%n", node, n, 100.0 * n / tasks)));
    System.out.print(s);
  }

  // ------------------------------------------------------------------------ b. fenced stale worker

  @Test
  void aWorkerPausedPastItsLeaseCannotOverwriteTheNodeThatTookOver() throws Exception {
    Db db = Db.fresh(this);
    AtomicInteger ranOnA = new AtomicInteger();
    TaskDefinition<Args, String> onA = TaskDefinition.of("paused", Args.class, String.class)
        .handler((ctx, a) -> {
          ranOnA.incrementAndGet();
          return "written-by-A";
        })
        .build();
    TaskDefinition<Args, String> onB = TaskDefinition.of("paused", Args.class, String.class)
        .handler((ctx, a) -> "written-by-B")
        .build();
    ManualExecutor manual = new ManualExecutor();
    TaskManager a = node(
        db.url,
        "node-A",
        manual,
        b -> b.register(onA)
            .leaseDuration(Duration.ofSeconds(1))
            .heartbeatInterval(Duration.ofMillis(300)));
    String id = a.forUser(USER).submit(onA, Args.of("paused")).id();

    List<ClaimedTask> claimed = manual.runner().claim(1); // A claims... and pauses
    long claimedAt = System.nanoTime();
    assertThat(claimed).extracting(ClaimedTask::id).containsExactly(id);

    TaskManager b = node(
        db.url,
        "node-B",
        LocalExecutor.threads(2),
        c -> c.register(onB)
            .leaseDuration(Duration.ofSeconds(1))
            .heartbeatInterval(Duration.ofMillis(300))
            .sweepInterval(Duration.ofMillis(200))
            .pollInterval(Duration.ofMillis(100)));
    eventually(
        "node B reclaims the task and runs it to the end",
        Duration.ofSeconds(30),
        Duration.ofMillis(50),
        () -> assertThat(b.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED));
    long reclaimedAt = System.nanoTime();
    Task asBWroteIt = b.admin().get(id);
    long versionBefore = db.count("SELECT version FROM bt_task WHERE id = '" + id + "'");

    manual.runner().run(claimed.get(0)); // A wakes up and finishes its stale claim
    assertThat(ranOnA).as("A's handler ran, so A did try to write its outcome").hasValue(1);

    Task after = b.admin().get(id);
    assertThat(after.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(after.attempt()).isEqualTo(2);
    assertThat(after.resultJson()).isEqualTo("\"written-by-B\"");
    assertThat(after.finishedAt()).isEqualTo(asBWroteIt.finishedAt());
    assertThat(db.count("SELECT version FROM bt_task WHERE id = '" + id + "'"))
        .as("A's write was refused: the row was not written again")
        .isEqualTo(versionBefore);
    List<Execution> executions = b.admin().executions(id);
    assertThat(executions)
        .extracting(Execution::outcome, Execution::attempt, Execution::node)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ExecutionOutcome.LEASE_EXPIRED, 1, "node-A"),
            org.assertj.core.groups.Tuple.tuple(ExecutionOutcome.SUCCEEDED, 2, "node-B"));

    System.out.printf(
        "%n=== b. stale worker fenced by its lease token ===%n"
            + "  lease 1 s; A claimed (attempt 1) and paused%n"
            + "  B's sweep reclaimed it and ran it to SUCCEEDED  %5.2f s after A's claim%n"
            + "  A then ran its stale claim: handler ran %d time(s), its write refused%n"
            + "  task stays as B wrote it: %s, attempt %d, result %s, version %d (unchanged)%n"
            + "  executions: %s%n",
        seconds(reclaimedAt - claimedAt),
        ranOnA.get(),
        after.state(),
        after.attempt(),
        after.resultJson(),
        versionBefore,
        describe(executions));
  }

  // ------------------------------------------------------------------------------ c. clock skew

  @Test
  void clockSkewOfFiveMinutesNeverReclaimsAHealthyTask() throws Exception {
    Db db = Db.fresh(this);
    Duration skew = Duration.ofMinutes(5);
    Duration lease = Duration.ofSeconds(2);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger starts = new AtomicInteger();
    TaskDefinition<Args, String> longRunning = TaskDefinition.of("long", Args.class, String.class)
        .handler((ctx, a) -> {
          starts.incrementAndGet();
          release.await();
          return a.label();
        })
        .build();
    Consumer<TaskManager.Builder> shortLeases = b -> b.register(longRunning)
        .leaseDuration(lease)
        .heartbeatInterval(Duration.ofMillis(400))
        .sweepInterval(Duration.ofMillis(200))
        .pollInterval(Duration.ofMillis(100));
    // the running node is 5 minutes behind, the sweeping node 5 minutes ahead: judged by either
    // JVM clock, the lease would look 10 minutes expired to the sweeper
    TaskManager behind = node(
        db.url,
        "node-behind",
        LocalExecutor.threads(2),
        shortLeases.andThen(b -> b.clock(Clock.offset(Clock.systemUTC(), skew.negated()))));
    String id = behind.forUser(USER).submit(longRunning, Args.of("long")).id();
    eventually(
        "the task runs on the node that is behind",
        Duration.ofSeconds(30),
        Duration.ofMillis(50),
        () -> assertThat(db.one(
                "SELECT state || ' ' || lease_owner" + " FROM bt_task WHERE id = '" + id + "'"))
            .isEqualTo("RUNNING node-behind"));
    node(
        db.url,
        "node-ahead",
        LocalExecutor.threads(2),
        shortLeases.andThen(b -> b.clock(Clock.offset(Clock.systemUTC(), skew))));

    Duration watched = lease.multipliedBy(3);
    Set<String> expiries = ConcurrentHashMap.newKeySet();
    try {
      await("the task stays with its node while heartbeats flow")
          .during(watched)
          .atMost(watched.plusSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            String row = db.one("SELECT state || ' ' || attempt || ' ' || lease_owner || '|'"
                + " || lease_expires_at FROM bt_task WHERE id = '" + id + "'");
            String[] parts = row.split("\\|");
            expiries.add(parts[1]);
            return parts[0].equals("RUNNING 1 node-behind");
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the healthy task was taken from its node: "
              + db.one(
                  "SELECT state || ' attempt ' || attempt || ' on ' || COALESCE(lease_owner, '-')"
                      + " FROM bt_task WHERE id = '" + id + "'")
              + "\n" + threadDump(),
          e);
    }
    assertThat(expiries).as("the lease was extended by heartbeats").hasSizeGreaterThanOrEqualTo(3);
    release.countDown();
    eventually(
        "the task finishes",
        Duration.ofSeconds(30),
        Duration.ofMillis(50),
        () -> assertThat(behind.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED));

    Task done = behind.admin().get(id);
    List<Execution> executions = behind.admin().executions(id);
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(starts).hasValue(1);
    assertThat(executions)
        .extracting(Execution::outcome)
        .containsExactly(ExecutionOutcome.SUCCEEDED)
        .doesNotContain(ExecutionOutcome.LEASE_EXPIRED);
    System.out.printf(
        "%n=== c. clock skew: running node -5 min, sweeping node +5 min ===%n"
            + "  lease %s, heartbeat 400 ms, sweep 200 ms; watched %s with both nodes up%n"
            + "  lease extended %d times (distinct expiries seen), never reclaimed%n"
            + "  finished %s on attempt %d; executions: %s%n",
        lease, watched, expiries.size(), done.state(), done.attempt(), describe(executions));
  }

  // ----------------------------------------------------------------- d. PostgreSQL restarted

  @Test
  void acknowledgedSubmitsSurviveAPostgresRestartUnderLoad() throws Exception {
    Path dir = Files.createTempDirectory("bt-pg-restart");
    int port = freePort();
    Restartable pg = new Restartable(dir.resolve("data"), port);
    harness.closeLater(() -> deleteTree(dir));
    harness.closeLater(pg);
    pg.start();
    String url = pg.current.getJdbcUrl("postgres", "postgres");
    Db db = new Db(url, "postgres", "postgres", this);

    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> work = counting("work", runs, 5); // 5 ms: tasks in flight
    List<TaskManager> nodes = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      nodes.add(node(
          url,
          "node-" + n,
          "postgres",
          "postgres",
          LocalExecutor.threads(4),
          b -> b.register(work)
              .leaseDuration(Duration.ofSeconds(5))
              .heartbeatInterval(Duration.ofSeconds(1))
              .sweepInterval(Duration.ofMillis(500))
              .pollInterval(Duration.ofMillis(100))));
    }

    SubmitLoad load = harness.submitLoad(nodes, USER, work);
    Map<String, String> acknowledged = load.acknowledged(); // id -> label

    eventually(
        "load builds up before the restart",
        Duration.ofSeconds(60),
        Duration.ofMillis(50),
        () -> assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300));
    int ackedBefore = acknowledged.size();
    long succeededBefore = db.count("SELECT COUNT(*) FROM bt_task WHERE state = 'SUCCEEDED'");
    long down = System.nanoTime();
    pg.close();
    long stopped = System.nanoTime();
    pg.start();
    long up = System.nanoTime();
    load.restarted();
    int ackedAtRestart = acknowledged.size();

    eventually(
        "submits are acknowledged again after the restart",
        Duration.ofSeconds(90),
        Duration.ofMillis(100),
        () -> assertThat(acknowledged.size()).isGreaterThanOrEqualTo(ackedAtRestart + 300));
    assertThat(load.stop()).as("the submitter stopped").isTrue();
    assertThat(load.unexpected())
        .as("submit failures other than StoreUnavailableException")
        .isEmpty();
    int acked = acknowledged.size();

    eventually(
        "every acknowledged task finishes SUCCEEDED",
        Duration.ofSeconds(120),
        Duration.ofMillis(250),
        () -> assertThat(db.byKey("SELECT state, COUNT(*) FROM bt_task"
                + " WHERE state <> 'SUCCEEDED' GROUP BY state"))
            .isEmpty());
    long doneAt = System.nanoTime();
    Map<String, String> states = db.pairs("SELECT id, state FROM bt_task");
    List<String> missing =
        acknowledged.keySet().stream().filter(id -> !states.containsKey(id)).toList();
    assertThat(missing).as("acknowledged submits missing from the database").isEmpty();
    assertThat(acknowledged.keySet().stream().map(states::get).distinct().toList())
        .containsExactly("SUCCEEDED");
    List<String> neverRan =
        acknowledged.values().stream().filter(l -> !runs.containsKey(l)).toList();
    assertThat(neverRan).as("acknowledged tasks whose handler never ran").isEmpty();
    long ranTwice = runs.values().stream().filter(c -> c.get() > 1).count();
    long unacknowledgedButStored = states.size() - acked;

    System.out.printf(
        "%n=== d. PostgreSQL restarted in place under load (2 nodes, 1 submitter)"
            + " ===%n"
            + "  outage: stop %5.2f s + start %5.2f s = %5.2f s"
            + " (first acknowledged submit %5.2f s after the stop)%n"
            + "  submits acknowledged: %,d before, %,d in all (%,d after the restart)%n"
            + "  submits refused with StoreUnavailableException: %d"
            + " (%d of them were stored anyway, and ran)%n"
            + "  tasks SUCCEEDED: %,d before the restart, %,d of %,d acknowledged at the end"
            + " (%5.2f s after the restart)%n"
            + "  ran more than once (at-least-once after a lost outcome write): %d%n"
            + "  nodes rebuilt: 0%n",
        seconds(stopped - down),
        seconds(up - stopped),
        seconds(up - down),
        seconds(load.firstAckAfterRestart() - down),
        ackedBefore,
        acked,
        acked - ackedAtRestart,
        load.refused(),
        unacknowledgedButStored,
        succeededBefore,
        acked,
        acked,
        seconds(doneAt - up),
        ranTwice);
  }

  // ------------------------------------------------------------------ e. kill -9 of a worker JVM

  @Test
  void tasksOfAKilledWorkerJvmRunAgainExactlyOnceElsewhere() throws Exception {
    int tasks = 4;
    Db db = Db.fresh(this);
    ConcurrentHashMap<String, AtomicInteger> reruns = new ConcurrentHashMap<>();
    ConcurrentHashMap<String, Long> rerunAt = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> survivorSide = TaskDefinition.of(
            CrashingWorkerMain.TYPE, Args.class, String.class)
        .handler((ctx, a) -> {
          rerunAt.putIfAbsent(a.label(), System.nanoTime());
          reruns.computeIfAbsent(a.label(), k -> new AtomicInteger()).incrementAndGet();
          return "finished on the survivor";
        })
        .build();
    TaskManager submitOnly = node(db.url, "submitter", null, b -> b.register(survivorSide));
    List<String> ids = submitOnly
        .forUser(USER)
        .submitAll(
            survivorSide,
            IntStream.range(0, tasks).mapToObj(i -> Args.of("k" + i)).toList(),
            o -> {})
        .stream()
        .map(Submitted::id)
        .toList();

    Path log = harness.tempLog("crashing-worker");
    Process worker = harness.startJvm(
        CrashingWorkerMain.class,
        log,
        db.url,
        PostgresServer.get().user(),
        PostgresServer.get().password(),
        "doomed-node",
        String.valueOf(tasks),
        "2000");
    try {
      eventually(
          "the worker JVM runs all " + tasks + " tasks",
          Duration.ofSeconds(90),
          Duration.ofMillis(100),
          () -> {
            assertThat(worker.isAlive()).as("the worker JVM is alive").isTrue();
            assertThat(db.count("SELECT COUNT(*) FROM bt_task WHERE state = 'RUNNING'"
                    + " AND lease_owner = 'doomed-node' AND attempt = 1"))
                .isEqualTo(tasks);
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nworker output:\n" + Files.readString(log), e);
    }
    // the survivor is up before the kill: while the worker heartbeats, it takes nothing
    TaskManager survivor = node(
        db.url,
        "survivor",
        LocalExecutor.threads(4),
        b -> b.register(survivorSide)
            .leaseDuration(Duration.ofSeconds(2))
            .heartbeatInterval(Duration.ofMillis(500))
            .sweepInterval(Duration.ofMillis(200))
            .pollInterval(Duration.ofMillis(100)));

    long killedAt = System.nanoTime();
    worker.destroyForcibly(); // SIGKILL: no shutdown hook, no release of leases
    assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("the worker JVM died").isTrue();
    long diedAt = System.nanoTime();

    eventually(
        "the survivor runs every interrupted task",
        Duration.ofSeconds(60),
        Duration.ofMillis(50),
        () -> assertThat(db.count("SELECT COUNT(*) FROM bt_task" + " WHERE state = 'SUCCEEDED'"))
            .isEqualTo(tasks));

    assertThat(reruns).hasSize(tasks);
    assertThat(reruns.values()).allMatch(c -> c.get() == 1, "each re-run exactly once");
    List<Long> delays = new ArrayList<>();
    for (String id : ids) {
      Task t = survivor.admin().get(id);
      assertThat(t.attempt()).as("attempt of " + id).isEqualTo(2);
      assertThat(t.resultJson()).isEqualTo("\"finished on the survivor\"");
      assertThat(survivor.admin().executions(id))
          .extracting(Execution::outcome, Execution::attempt, Execution::node)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(ExecutionOutcome.LEASE_EXPIRED, 1, "doomed-node"),
              org.assertj.core.groups.Tuple.tuple(ExecutionOutcome.SUCCEEDED, 2, "survivor"));
    }
    rerunAt.values().forEach(at -> delays.add(at - killedAt));
    delays.sort(Comparator.naturalOrder());
    System.out.printf(
        "%n=== e. kill -9 of a worker JVM running %d tasks (lease 2 s) ===%n"
            + "  JVM gone %5.2f s after SIGKILL%n"
            + "  re-run on the survivor (sweep 200 ms): first %5.2f s, last %5.2f s after the"
            + " kill%n"
            + "  each task: attempt 2, executions [LEASE_EXPIRED #1 doomed-node, SUCCEEDED #2"
            + " survivor], handler re-ran exactly once%n",
        tasks,
        seconds(diedAt - killedAt),
        seconds(delays.get(0)),
        seconds(delays.get(delays.size() - 1)));
  }

  // ------------------------------------------------------------------------------- fixtures

  private TaskManager node(
      String url, String nodeId, TaskExecutor executor, Consumer<TaskManager.Builder> custom) {
    PostgresServer server = PostgresServer.get();
    return node(url, nodeId, server.user(), server.password(), executor, custom);
  }

  /** A node: its own store (and pool) on {@code url}, closed after the test. */
  private TaskManager node(
      String url,
      String nodeId,
      String user,
      String password,
      TaskExecutor executor,
      Consumer<TaskManager.Builder> custom) {
    return harness.node(JdbcTaskStore.postgres(url, user, password), nodeId, executor, custom);
  }

  /** Plain SQL on the test's database, to check what the nodes wrote. */
  private static final class Db {
    final String url;
    final Jdbi jdbi;

    Db(String url, String user, String password, MultiNodeTest test) {
      this.url = url;
      JdbcTaskStore store = JdbcTaskStore.builder()
          .url(url)
          .user(user)
          .password(password)
          .poolSize(2)
          .build(); // also creates the schema before the nodes start
      test.harness.closeLater(store);
      this.jdbi = store.jdbi();
    }

    static Db fresh(MultiNodeTest test) {
      PostgresServer server = PostgresServer.get();
      return new Db(server.newDatabase(), server.user(), server.password(), test);
    }

    long count(String sql) {
      return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    String one(String sql) {
      return jdbi.withHandle(h -> h.createQuery(sql).mapTo(String.class).one());
    }

    Map<String, Long> byKey(String sql) {
      return jdbi.withHandle(h -> h.createQuery(sql)
          .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    Map<String, String> pairs(String sql) {
      return jdbi.withHandle(h -> h.createQuery(sql)
          .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }
  }

  /** A dedicated embedded PostgreSQL that can be stopped and started again on its data and port. */
  private static final class Restartable implements AutoCloseable {
    final Path data;
    final int port;
    EmbeddedPostgres current;

    Restartable(Path data, int port) {
      this.data = data;
      this.port = port;
    }

    void start() {
      try {
        current = EmbeddedPostgres.builder()
            .setDataDirectory(data)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start PostgreSQL on port " + port, e);
      }
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
