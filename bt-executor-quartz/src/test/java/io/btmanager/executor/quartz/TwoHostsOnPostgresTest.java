package io.btmanager.executor.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.store.jdbc.JdbcTaskStore;
import io.btmanager.store.jdbc.PostgresServer;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

/**
 * Two hosts, each with its own (non-clustered, in-memory) Quartz scheduler, coordinated only by
 * bt-manager's store on one PostgreSQL database: rule 11 across nodes, Quartz lending the threads.
 */
class TwoHostsOnPostgresTest {
  private static final String USER = "alice";

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private String url;
  private PostgresServer pg;

  @BeforeEach
  void freshDatabase() {
    pg = PostgresServer.get();
    url = pg.newDatabase();
  }

  @AfterEach
  void closeEverything() throws Exception {
    gate.countDown();
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** A host: its own Quartz scheduler of {@code threads}, a manager on the shared database. */
  private TaskManager host(String name, int threads, Consumer<TaskManager.Builder> custom)
      throws Exception {
    Scheduler quartz = HostSchedulers.inMemory(name, threads);
    closing.add(quartz::shutdown);
    TaskManager.Builder b = TaskManager.builder()
        .store(JdbcTaskStore.postgres(url, pg.user(), pg.password()))
        .executor(QuartzExecutor.using(quartz))
        .nodeId(name)
        .pollInterval(Duration.ofMillis(100));
    custom.accept(b);
    TaskManager m = b.build();
    closing.add(m);
    return m;
  }

  @Test
  void twentyThousandTasksRunExactlyOnceAcrossTwoHosts() throws Exception {
    int tasks = 20_000;
    int batch = 500;
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> counted = TaskDefinition.of("counted", Args.class, String.class)
        .handler((ctx, a) -> {
          runs.computeIfAbsent(a.label(), k -> new AtomicInteger()).incrementAndGet();
          return a.label();
        })
        .build();
    List<TaskManager> hosts = List.of(
        host("host-a", 4, b -> b.register(counted)), host("host-b", 4, b -> b.register(counted)));

    ExecutorService submitters = Executors.newFixedThreadPool(2);
    List<Future<List<Submitted<String>>>> futures = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int h = 0; h < 2; h++) {
      int host = h;
      futures.add(submitters.submit(() -> {
        go.await();
        List<Submitted<String>> mine = new ArrayList<>();
        for (int from = host * tasks / 2; from < (host + 1) * tasks / 2; from += batch) {
          List<Args> args = IntStream.range(from, from + batch)
              .mapToObj(i -> Args.of("t" + i))
              .toList();
          mine.addAll(hosts.get(host).forUser(USER).submitAll(counted, args, o -> {}));
        }
        return mine;
      }));
    }
    go.countDown();
    List<Submitted<String>> all = new ArrayList<>();
    for (Future<List<Submitted<String>>> f : futures) {
      all.addAll(f.get(120, TimeUnit.SECONDS));
    }
    submitters.shutdown();

    await("all tasks succeed")
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> byKey("SELECT state, COUNT(*) FROM bt_task GROUP BY state"),
            m -> m.equals(Map.of("SUCCEEDED", (long) tasks)));

    assertThat(all).hasSize(tasks).noneMatch(Submitted::joined);
    assertThat(runs).hasSize(tasks);
    assertThat(runs.values()).allMatch(n -> n.get() == 1);
    Map<String, Long> perHost = byKey("SELECT ran_on, COUNT(*) FROM bt_task GROUP BY ran_on");
    assertThat(perHost.keySet()).containsExactlyInAnyOrder("host-a", "host-b");
    assertThat(byKey("SELECT attempt::text, COUNT(*) FROM bt_task GROUP BY attempt"))
        .isEqualTo(Map.of("1", (long) tasks));
    assertThat(byKey("SELECT 'executions', COUNT(*) FROM bt_execution"))
        .isEqualTo(Map.of("executions", 0L)); // no attempt lost, retried or released
    System.out.printf("%,d tasks, two Quartz hosts, ran once each; per host %s%n", tasks, perHost);
  }

  @Test
  void eachOccurrenceOfAScheduleEntryFiresOnceAcrossTwoHosts() throws Exception {
    ConcurrentHashMap<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    TaskDefinition<Args, String> tick = TaskDefinition.of("tick", Args.class, String.class)
        .handler((ctx, a) -> {
          runs.computeIfAbsent(ctx.taskId(), k -> new AtomicInteger()).incrementAndGet();
          return a.label();
        })
        .build();
    Consumer<TaskManager.Builder> fast =
        b -> b.register(tick).scheduleCheckInterval(Duration.ofMillis(20));
    TaskManager a = host("host-a", 2, fast);
    host("host-b", 2, fast);
    ScheduleEntry entry = a.forUser(USER)
        .schedules()
        .create(tick, Args.of("tick"), Schedule.everySeconds(1), o -> {});

    await("five occurrences fire")
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.forUser(USER).list(TaskQuery.mine()).total() >= 5);
    ScheduleEntry fired = a.forUser(USER).schedules().disable(entry.id());
    await("every fired occurrence finishes")
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.forUser(USER).list(TaskQuery.mine()).items().stream()
            .allMatch(t -> t.state() == TaskState.SUCCEEDED));

    List<Task> made = a.forUser(USER).list(TaskQuery.mine()).items();
    long occurrences = Duration.between(entry.nextFireAt(), fired.lastFiredAt()).toSeconds() + 1;
    assertThat(made).allMatch(t -> entry.id().equals(t.scheduleEntryId()));
    assertThat((long) made.size()).as("one task per occurrence").isEqualTo(occurrences);
    assertThat(runs).hasSize(made.size());
    assertThat(runs.values()).allMatch(n -> n.get() == 1);
  }

  @Test
  void aQuartzPoolSaturatedWithLongTasksKeepsTheirLeases() throws Exception {
    Duration lease = Duration.ofMillis(600);
    AtomicInteger starts = new AtomicInteger();
    CountDownLatch bothRunning = new CountDownLatch(2);
    TaskDefinition<Args, String> longTask = TaskDefinition.of("long", Args.class, String.class)
        .handler((ctx, a) -> {
          starts.incrementAndGet();
          bothRunning.countDown();
          gate.await();
          return a.label();
        })
        .build();
    Consumer<TaskManager.Builder> shortLeases = b -> b.register(longTask)
        .leaseDuration(lease)
        .heartbeatInterval(Duration.ofMillis(100))
        .sweepInterval(Duration.ofMillis(50));
    // every thread of host-a's Quartz pool runs one of its long tasks; host-b sweeps and would
    // take over any task whose lease expired
    TaskManager a = host("host-a", 2, shortLeases);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ids.add(a.forUser(USER).submit(longTask, Args.of("long-" + i)).id());
    }
    assertThat(bothRunning.await(20, TimeUnit.SECONDS)).isTrue();
    TaskManager b = host("host-b", 2, shortLeases);
    String waiting = b.forUser(USER).submit(longTask, Args.of("waiting")).id();

    await("five leases' time pass with the long tasks kept by host-a")
        .during(lease.multipliedBy(5))
        .atMost(lease.multipliedBy(10))
        .until(() -> ids.stream()
            .map(id -> a.forUser(USER).get(id))
            .allMatch(t -> t.state() == TaskState.RUNNING
                && t.attempt() == 1
                && a.forUser(USER).executions(t.id()).isEmpty()));
    gate.countDown();
    for (String id : ids) {
      Task done = a.forUser(USER).awaitFinished(id, Duration.ofSeconds(20));
      assertThat(done.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(done.attempt()).isEqualTo(1);
    }
    assertThat(b.forUser(USER).awaitFinished(waiting, Duration.ofSeconds(20)).state())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(starts).hasValue(3); // no long task ran twice
    assertThat(byKey("SELECT ran_on, COUNT(*) FROM bt_task WHERE id IN ('" + ids.get(0) + "','"
            + ids.get(1) + "') GROUP BY ran_on"))
        .isEqualTo(Map.of("host-a", 2L));
  }

  private Map<String, Long> byKey(String sql) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }
}
