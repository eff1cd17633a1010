package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.ManualExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
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

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    Exception first = null;
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  // ------------------------------------------------------------------------------ a. throughput

  @Test
  void fourNodesRunTwentyThousandTasksEachExactlyOnce() throws Exception {
    int nodeCount = 4;
    int tasks = 20_000;
    int batch = 500;
    Db db = Db.fresh(this);
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> counted = TaskDefinition.of("counted", Args.class, String.class)
        .handler((ctx, a) -> {
          runs.computeIfAbsent(a.label(), k -> new AtomicInteger()).incrementAndGet();
          return a.label();
        })
        .build();
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
    List<List<Submitted<String>>> submitted = racing(nodeCount, n -> {
      List<Submitted<String>> mine = new ArrayList<>();
      for (int from = n * (tasks / nodeCount);
          from < (n + 1) * (tasks / nodeCount);
          from += batch) {
        List<Args> args =
            IntStream.range(from, from + batch).mapToObj(i -> Args.of("t" + i)).toList();
        mine.addAll(nodes.get(n).forUser(USER).submitAll(counted, args, o -> {}));
      }
      return mine;
    });
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

    List<Submitted<String>> all = submitted.stream().flatMap(List::stream).toList();
    assertThat(all).hasSize(tasks).noneMatch(Submitted::joined);
    assertThat(all.stream().map(Submitted::id).distinct().count()).isEqualTo(tasks);
    assertThat(runs).hasSize(tasks);
    Map<String, Integer> notOnce = runs.entrySet().stream()
        .filter(e -> e.getValue().get() != 1)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
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
    closing.add(() -> deleteTree(dir));
    closing.add(pg);
    pg.start();
    String url = pg.current.getJdbcUrl("postgres", "postgres");
    Db db = new Db(url, "postgres", "postgres", this);

    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> work = TaskDefinition.of("work", Args.class, String.class)
        .handler((ctx, a) -> {
          LockSupport.parkNanos(
              TimeUnit.MILLISECONDS.toNanos(5)); // some work, so tasks are in flight
          runs.computeIfAbsent(a.label(), k -> new AtomicInteger()).incrementAndGet();
          return a.label();
        })
        .build();
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

    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // id -> label
    AtomicInteger refused = new AtomicInteger();
    List<Throwable> unexpected = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong lastRefusalAt = new AtomicLong();
    AtomicLong firstAckAfterRestart = new AtomicLong();
    AtomicBoolean restarted = new AtomicBoolean();
    Thread submitter = new Thread(
        () -> {
          for (int i = 0; !stop.get(); i++) {
            String label = "r" + i;
            try {
              String id =
                  nodes.get(i % 2).forUser(USER).submit(work, Args.of(label)).id();
              acknowledged.put(id, label);
              if (restarted.get()) {
                firstAckAfterRestart.compareAndSet(0, System.nanoTime());
              }
            } catch (StoreUnavailableException e) {
              refused.incrementAndGet();
              lastRefusalAt.set(System.nanoTime());
            } catch (Throwable e) {
              unexpected.add(e);
            }
          }
        },
        "submitter");
    submitter.setDaemon(true);
    submitter.start();
    closing.add(() -> {
      stop.set(true);
      submitter.join(TimeUnit.SECONDS.toMillis(30));
    });

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
    restarted.set(true);
    int ackedAtRestart = acknowledged.size();

    eventually(
        "submits are acknowledged again after the restart",
        Duration.ofSeconds(90),
        Duration.ofMillis(100),
        () -> assertThat(acknowledged.size()).isGreaterThanOrEqualTo(ackedAtRestart + 300));
    stop.set(true);
    submitter.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(submitter.isAlive()).as("the submitter stopped").isFalse();
    assertThat(unexpected)
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
        seconds(firstAckAfterRestart.get() - down),
        ackedBefore,
        acked,
        acked - ackedAtRestart,
        refused.get(),
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

    Path log = Files.createTempFile("crashing-worker", ".log");
    closing.add(() -> Files.deleteIfExists(log));
    Process worker = new ProcessBuilder(
            javaBinary(),
            "-cp",
            testClassPath(),
            CrashingWorkerMain.class.getName(),
            db.url,
            PostgresServer.get().user(),
            PostgresServer.get().password(),
            "doomed-node",
            String.valueOf(tasks),
            "2000")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    closing.add(() -> {
      worker.destroyForcibly();
      worker.waitFor(10, TimeUnit.SECONDS);
    });
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
    TaskManager.Builder b = TaskManager.builder()
        .store(JdbcTaskStore.postgres(url, user, password))
        .nodeId(nodeId)
        .shutdownGrace(Duration.ofMillis(500));
    if (executor != null) {
      b.executor(executor);
    }
    custom.accept(b);
    TaskManager m = b.build();
    closing.add(m);
    return m;
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
      test.closing.add(store);
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

  private static <T> List<T> racing(int threads, java.util.function.IntFunction<T> action)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          go.await();
          return action.apply(index);
        }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void eventually(
      String what, Duration atMost, Duration poll, ThrowingRunnable check) {
    try {
      await(what)
          .atMost(atMost)
          .pollDelay(Duration.ZERO)
          .pollInterval(poll)
          .ignoreException(StoreUnavailableException.class)
          .untilAsserted(check);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "waited " + atMost + " for: " + what + "\n" + e.getMessage() + "\n" + threadDump(), e);
    }
  }

  private static String threadDump() {
    StringBuilder s = new StringBuilder("thread dump:\n");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
      s.append('"')
          .append(info.getThreadName())
          .append("\" ")
          .append(info.getThreadState())
          .append('\n');
      for (StackTraceElement e : info.getStackTrace()) {
        s.append("\tat ").append(e).append('\n');
      }
    }
    return s.toString();
  }

  private static String describe(List<Execution> executions) {
    return executions.stream()
        .map(e -> e.outcome() + " #" + e.attempt() + " " + e.node())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
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

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
