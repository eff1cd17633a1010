package io.btmanager.store.redis;

import static io.btmanager.testkit.cluster.MultiNodeHarness.counting;
import static io.btmanager.testkit.cluster.MultiNodeHarness.describe;
import static io.btmanager.testkit.cluster.MultiNodeHarness.notOnce;
import static io.btmanager.testkit.cluster.MultiNodeHarness.seconds;
import static io.btmanager.testkit.cluster.MultiNodeHarness.submitShares;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.ManualExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.cluster.MultiNodeHarness;
import io.btmanager.testkit.cluster.SubmitLoad;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several nodes (TaskManagers, each with its own store and connection) sharing one Redis: rule 2
 * and rule 11 where they are hardest to keep, and Redis's own failures (a restart under load, a
 * SCRIPT FLUSH). Each test prints its figures. Waits are bounded and dump every thread when they
 * run out; nothing sleeps to synchronise.
 */
class RedisMultiNodeTest {
  private static final String USER = "alice";
  private final MultiNodeHarness harness = new MultiNodeHarness();

  @AfterEach
  void closeEverything() {
    harness.close();
  }

  private Nodes nodes(RedisServer server) {
    return new Nodes(server, harness);
  }

  // ------------------------------------------------------------------------------ a. throughput

  @Test
  void fourNodesRunTwentyThousandTasksEachExactlyOnce() throws Exception {
    int nodeCount = 4;
    int tasks = 20_000;
    int batch = 500;
    Nodes cluster = nodes(RedisServer.get());
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> counted = counting("counted", runs, 0);
    List<TaskManager> nodes = new ArrayList<>();
    for (int n = 0; n < nodeCount; n++) {
      nodes.add(cluster.node(
          "node-" + n,
          LocalExecutor.threads(4),
          b -> b.register(counted).pollInterval(Duration.ofMillis(100))));
    }

    long start = System.nanoTime();
    List<Submitted<String>> all = submitShares(nodes, USER, counted, tasks, batch);
    long submittedAt = System.nanoTime();
    eventually(
        "all " + tasks + " tasks finish",
        Duration.ofSeconds(240),
        () -> assertThat(cluster.states()).isEqualTo(Map.of("SUCCEEDED", (long) tasks)));
    long doneAt = System.nanoTime();

    assertThat(all).hasSize(tasks).noneMatch(Submitted::joined);
    assertThat(all.stream().map(Submitted::id).distinct().count()).isEqualTo(tasks);
    assertThat(runs).hasSize(tasks);
    assertThat(notOnce(runs)).as("tasks that did not run exactly once").isEmpty();
    Map<String, Long> perNode = new TreeMap<>();
    for (StoredTask t : cluster.tasks()) {
      List<Execution> executions = cluster.inspector.executions(t.id());
      assertThat(executions)
          .extracting(Execution::outcome, Execution::attempt)
          .containsExactly(tuple(ExecutionOutcome.SUCCEEDED, 1));
      perNode.merge(executions.get(0).node(), 1L, Long::sum);
    }
    double total = seconds(doneAt - start);
    StringBuilder s = new StringBuilder(String.format(
        "%n=== a. %d nodes x LocalExecutor(4), %,d distinct tasks, one Redis ===%n"
            + "  submitted (submitAll, batches of %d)  %6.2f s  %,8.0f tasks/s%n"
            + "  all SUCCEEDED after                 %6.2f s  %,8.0f tasks/s end to end%n"
            + "  ran exactly once: %d of %d; lost: 0; doubled: 0%n  share per node:%n",
        nodeCount,
        tasks,
        batch,
        seconds(submittedAt - start),
        tasks / seconds(submittedAt - start),
        total,
        tasks / total,
        tasks,
        tasks));
    perNode.forEach((node, n) ->
        s.append(String.format("    %-8s %,7d  %5.1f %%%n", node, n, 100.0 * n / tasks)));
    System.out.print(s);
  }

  // ------------------------------------------------------------------------ b. fenced stale worker

  @Test
  void aWorkerPausedPastItsLeaseCannotOverwriteTheNodeThatTookOver() throws Exception {
    Nodes cluster = nodes(RedisServer.get());
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
    TaskManager a = cluster.node(
        "node-A",
        manual,
        b -> b.register(onA)
            .leaseDuration(Duration.ofSeconds(1))
            .heartbeatInterval(Duration.ofMillis(300)));
    String id = a.forUser(USER).submit(onA, Args.of("paused")).id();
    List<ClaimedTask> claimed = manual.runner().claim(1); // A claims... and pauses
    long claimedAt = System.nanoTime();
    assertThat(claimed).extracting(ClaimedTask::id).containsExactly(id);

    TaskManager b = cluster.node(
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
        () -> assertThat(b.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED));
    long reclaimedAt = System.nanoTime();
    StoredTask asBWroteIt = cluster.task(id);

    manual.runner().run(claimed.get(0)); // A wakes up and finishes its stale claim
    assertThat(ranOnA).as("A's handler ran, so A did try to write its outcome").hasValue(1);

    StoredTask after = cluster.task(id);
    assertThat(after.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(after.attempt()).isEqualTo(2);
    assertThat(after.resultJson()).isEqualTo("\"written-by-B\"");
    assertThat(after.version())
        .as("A's write was refused: nothing written")
        .isEqualTo(asBWroteIt.version());
    List<Execution> executions = b.admin().executions(id);
    assertThat(executions)
        .extracting(Execution::outcome, Execution::attempt, Execution::node)
        .containsExactly(
            tuple(ExecutionOutcome.LEASE_EXPIRED, 1, "node-A"),
            tuple(ExecutionOutcome.SUCCEEDED, 2, "node-B"));
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
        after.version(),
        describe(executions));
  }

  // ------------------------------------------------------------------------------ c. clock skew

  @Test
  void clockSkewOfFiveMinutesNeverReclaimsAHealthyTask() throws Exception {
    Nodes cluster = nodes(RedisServer.get());
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
    TaskManager behind = cluster.node(
        "node-behind",
        LocalExecutor.threads(2),
        shortLeases.andThen(b -> b.clock(Clock.offset(Clock.systemUTC(), skew.negated()))));
    String id = behind.forUser(USER).submit(longRunning, Args.of("long")).id();
    eventually("the task runs on the node that is behind", Duration.ofSeconds(30), () -> {
      StoredTask t = cluster.task(id);
      assertThat(t.state() + " " + t.leaseOwner()).isEqualTo("RUNNING node-behind");
    });
    cluster.node(
        "node-ahead",
        LocalExecutor.threads(2),
        shortLeases.andThen(b -> b.clock(Clock.offset(Clock.systemUTC(), skew))));

    Duration watched = lease.multipliedBy(3);
    Set<Object> expiries = ConcurrentHashMap.newKeySet();
    try {
      await("the task stays with its node while heartbeats flow")
          .during(watched)
          .atMost(watched.plusSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            StoredTask t = cluster.task(id);
            expiries.add(t.leaseExpiresAt());
            return t.state() == TaskState.RUNNING
                && t.attempt() == 1
                && "node-behind".equals(t.leaseOwner());
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the healthy task was taken from its node: " + cluster.task(id) + "\n"
              + MultiNodeHarness.threadDump(),
          e);
    }
    assertThat(expiries).as("the lease was extended by heartbeats").hasSizeGreaterThanOrEqualTo(3);
    release.countDown();
    eventually(
        "the task finishes",
        Duration.ofSeconds(30),
        () -> assertThat(behind.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED));
    Task done = behind.admin().get(id);
    List<Execution> executions = behind.admin().executions(id);
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(starts).hasValue(1);
    assertThat(executions)
        .extracting(Execution::outcome)
        .containsExactly(ExecutionOutcome.SUCCEEDED);
    System.out.printf(
        "%n=== c. clock skew: running node -5 min, sweeping node +5 min ===%n"
            + "  lease %s, heartbeat 400 ms, sweep 200 ms; watched %s with both nodes up%n"
            + "  lease extended %d times (distinct expiries seen), never reclaimed%n"
            + "  finished %s on attempt %d; executions: %s%n",
        lease, watched, expiries.size(), done.state(), done.attempt(), describe(executions));
  }

  // ------------------------------------------------------------ d. Redis restarted under load

  @Test
  void acknowledgedSubmitsSurviveARedisRestartUnderLoad() throws Exception {
    RedisServer own = RedisServer.start();
    harness.closeLater(own::stop);
    Nodes cluster = nodes(own);
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> work = counting("work", runs, 5);
    List<TaskManager> nodes = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      nodes.add(cluster.node(
          "node-" + n,
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
        () -> assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(300));
    int ackedBefore = acknowledged.size();
    long down = System.nanoTime();
    own.kill(); // SIGKILL: only the AOF (appendfsync always) keeps what was acknowledged
    own.launch();
    long up = System.nanoTime();
    load.restarted();
    int ackedAtRestart = acknowledged.size();
    eventually(
        "submits are acknowledged again after the restart",
        Duration.ofSeconds(90),
        () -> assertThat(acknowledged.size()).isGreaterThanOrEqualTo(ackedAtRestart + 300));
    assertThat(load.stop()).as("the submitter stopped").isTrue();
    assertThat(load.unexpected())
        .as("submit failures other than StoreUnavailableException")
        .isEmpty();
    int acked = acknowledged.size();

    eventually("every acknowledged task finishes SUCCEEDED", Duration.ofSeconds(120), () -> {
      Map<String, Long> states = cluster.states();
      states.remove("SUCCEEDED");
      assertThat(states).isEmpty();
    });
    long doneAt = System.nanoTime();
    Map<String, TaskState> stored =
        cluster.tasks().stream().collect(Collectors.toMap(StoredTask::id, StoredTask::state));
    List<String> missing =
        acknowledged.keySet().stream().filter(id -> !stored.containsKey(id)).toList();
    assertThat(missing).as("acknowledged submits missing after the restart").isEmpty();
    List<String> neverRan =
        acknowledged.values().stream().filter(l -> !runs.containsKey(l)).toList();
    assertThat(neverRan).as("acknowledged tasks whose handler never ran").isEmpty();
    long ranTwice = runs.values().stream().filter(c -> c.get() > 1).count();
    System.out.printf(
        "%n=== d. Redis killed (SIGKILL) and restarted under load, AOF appendfsync always"
            + " (2 nodes, 1 submitter) ===%n"
            + "  outage: %5.2f s (first acknowledged submit %5.2f s after the kill)%n"
            + "  submits acknowledged: %,d before, %,d in all; refused (retryable): %d%n"
            + "  acknowledged and lost: %d; every task SUCCEEDED %5.2f s after the restart%n"
            + "  ran more than once (at-least-once after a lost outcome write): %d%n",
        seconds(up - down),
        seconds(load.firstAckAfterRestart() - down),
        ackedBefore,
        acked,
        load.refused(),
        missing.size(),
        seconds(doneAt - up),
        ranTwice);
  }

  // ------------------------------------------------------------------ e. kill -9 of a worker JVM

  @Test
  void tasksOfAKilledWorkerJvmRunAgainExactlyOnceElsewhere() throws Exception {
    int tasks = 4;
    Nodes cluster = nodes(RedisServer.get());
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
    TaskManager submitOnly = cluster.node("submitter", null, b -> b.register(survivorSide));
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
        cluster.server.uri(),
        cluster.namespace,
        "doomed-node",
        String.valueOf(tasks),
        "2000");
    try {
      eventually("the worker JVM runs all " + tasks + " tasks", Duration.ofSeconds(90), () -> {
        assertThat(worker.isAlive()).as("the worker JVM is alive").isTrue();
        assertThat(cluster.tasks())
            .filteredOn(t -> t.state() == TaskState.RUNNING && "doomed-node".equals(t.leaseOwner()))
            .hasSize(tasks);
      });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nworker output:\n" + Files.readString(log), e);
    }
    TaskManager survivor = cluster.node(
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
    eventually(
        "the survivor runs every interrupted task",
        Duration.ofSeconds(60),
        () -> assertThat(cluster.states()).isEqualTo(Map.of("SUCCEEDED", (long) tasks)));
    assertThat(reruns).hasSize(tasks);
    assertThat(reruns.values()).allMatch(c -> c.get() == 1, "each re-run exactly once");
    for (String id : ids) {
      Task t = survivor.admin().get(id);
      assertThat(t.attempt()).as("attempt of " + id).isEqualTo(2);
      assertThat(survivor.admin().executions(id))
          .extracting(Execution::outcome, Execution::attempt, Execution::node)
          .containsExactly(
              tuple(ExecutionOutcome.LEASE_EXPIRED, 1, "doomed-node"),
              tuple(ExecutionOutcome.SUCCEEDED, 2, "survivor"));
    }
    List<Long> delays =
        rerunAt.values().stream().map(at -> at - killedAt).sorted().toList();
    System.out.printf(
        "%n=== e. kill -9 of a worker JVM running %d tasks (lease 2 s) ===%n"
            + "  re-run on the survivor (sweep 200 ms): first %5.2f s, last %5.2f s after the kill%n"
            + "  each task: attempt 2, executions [LEASE_EXPIRED #1 doomed-node, SUCCEEDED #2"
            + " survivor], handler re-ran exactly once%n",
        tasks, seconds(delays.get(0)), seconds(delays.get(delays.size() - 1)));
  }

  // ------------------------------------------------------------- f. SCRIPT FLUSH mid-run

  @Test
  void aScriptFlushMidRunLosesNothingAndDoublesNothing() throws Exception {
    int tasks = 4_000;
    Nodes cluster = nodes(RedisServer.get());
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> work = counting("flushed", runs, 0);
    List<TaskManager> nodes = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      nodes.add(cluster.node(
          "node-" + n,
          LocalExecutor.threads(4),
          b -> b.register(work).pollInterval(Duration.ofMillis(50))));
    }
    int flushes = 0;
    try (RedisClient client = RedisClient.create(cluster.server.uri());
        StatefulRedisConnection<String, String> admin = client.connect()) {
      for (int from = 0; from < tasks; from += 200) {
        List<Args> args =
            IntStream.range(from, from + 200).mapToObj(i -> Args.of("f" + i)).toList();
        nodes.get(from / 200 % 2).forUser(USER).submitAll(work, args, o -> {});
        if (from % 1_000 == 0) {
          admin.sync().scriptFlush(); // every node's next script call meets NOSCRIPT
          flushes++;
        }
      }
    }
    eventually(
        "all tasks finish",
        Duration.ofSeconds(120),
        () -> assertThat(cluster.states()).isEqualTo(Map.of("SUCCEEDED", (long) tasks)));
    assertThat(runs).hasSize(tasks);
    assertThat(notOnce(runs)).as("tasks that did not run exactly once").isEmpty();
    System.out.printf(
        "%n=== f. SCRIPT FLUSH %d times while 2 nodes submit and run %,d tasks ===%n"
            + "  every task SUCCEEDED, each ran exactly once%n",
        flushes, tasks);
  }

  private static void eventually(String what, Duration atMost, ThrowingRunnable check) {
    MultiNodeHarness.eventually(what, atMost, Duration.ofMillis(50), check);
  }
}
