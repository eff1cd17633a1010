package io.btmanager.executor.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualExecutor;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;

/** The executor on a host's Quartz scheduler with the in-memory store: threads and lifecycle. */
class QuartzExecutorTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Counted down by the host's own job; a fresh one per test. */
  private static volatile CountDownLatch hostJobRan;

  /** Opens every waiting task (and is opened at the end of each test). */
  private final CountDownLatch gate = new CountDownLatch(1);

  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void freshLatch() {
    hostJobRan = new CountDownLatch(1);
  }

  @AfterEach
  void closeEverything() throws Exception {
    gate.countDown();
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private Scheduler host(String name, int threads) throws Exception {
    Scheduler s = HostSchedulers.inMemory(name, threads);
    closing.add(s::shutdown);
    return s;
  }

  private TaskManager manager(QuartzExecutor executor, TaskDefinition<?, ?>... types) {
    TaskManager m = TaskManager.builder()
        .store(InMemoryTaskStore.create())
        .executor(executor)
        .register(types)
        .shutdownGrace(Duration.ofSeconds(5))
        .build();
    closing.add(m);
    return m;
  }

  @Test
  void handlersRunOnTheHostsQuartzWorkerThreads() throws Exception {
    Scheduler host = host("host", 2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    TaskDefinition<Args, String> where = TaskDefinition.of("where", Args.class, String.class)
        .handler((ctx, a) -> {
          threads.add(Thread.currentThread().getName());
          return a.label();
        })
        .build();
    UserTasks alice = manager(QuartzExecutor.using(host), where).forUser("alice");

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ids.add(alice.submit(where, Args.of("t" + i)).id());
    }
    for (String id : ids) {
      assertThat(alice.awaitFinished(id, WAIT).state()).isEqualTo(TaskState.SUCCEEDED);
    }
    assertThat(threads).isNotEmpty().allMatch(name -> name.startsWith("host_Worker"));
  }

  @Test
  void closingTheManagerLeavesTheHostsSchedulerRunningWithoutBtManagersJobs() throws Exception {
    Scheduler host = host("host", 2);
    TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");
    TaskManager m = manager(QuartzExecutor.using(host), ok);
    String id = m.forUser("alice").submit(ok, Args.of("x")).id();
    assertThat(m.forUser("alice").awaitFinished(id, WAIT).state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(host.getJobGroupNames()).anyMatch(g -> g.startsWith("bt-manager:"));

    m.close();

    assertThat(host.isShutdown()).isFalse();
    assertThat(host.isStarted()).isTrue();
    assertThat(host.getJobGroupNames()).noneMatch(g -> g.startsWith("bt-manager:"));
    host.scheduleJob(
        JobBuilder.newJob(HostJob.class).withIdentity("host-job").build(),
        TriggerBuilder.newTrigger().startNow().build());
    assertThat(hostJobRan.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the host's own job runs after bt-manager closed")
        .isTrue();
  }

  /** A job of the host's. */
  public static final class HostJob implements Job {
    @Override
    public void execute(org.quartz.JobExecutionContext context) {
      hostJobRan.countDown();
    }
  }

  @Test
  void theExecutorsOwnSchedulerIsShutDownWithTheManager() {
    TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");
    TaskManager m = manager(QuartzExecutor.threads(2), ok);
    String id = m.forUser("alice").submit(ok, Args.of("x")).id();
    await().atMost(WAIT).until(() -> m.forUser("alice").get(id).state() == TaskState.SUCCEEDED);
    assertThat(threadsNamed("bt-quartz")).isPositive();

    m.close();

    await().atMost(WAIT).until(() -> threadsNamed("bt-quartz") == 0);
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  @Test
  void aTaskStillRunningWhenTheGraceEndsIsReleasedAtOnceWithoutCountingTheAttempt()
      throws Exception {
    Scheduler host = host("host", 2);
    CountDownLatch started = new CountDownLatch(1);
    TaskDefinition<Args, String> stuck = TaskDefinition.of("stuck", Args.class, String.class)
        .handler((ctx, a) -> {
          started.countDown();
          gate.await();
          return a.label();
        })
        .build();
    InMemoryTaskStore store = InMemoryTaskStore.create();
    TaskManager first = TaskManager.builder()
        .store(store)
        .executor(QuartzExecutor.using(host))
        .shutdownGrace(Duration.ofMillis(200))
        .register(stuck)
        .leaseDuration(Duration.ofMinutes(10)) // only a release, never an expiry, can free it
        .build();
    String id = first.forUser("alice").submit(stuck, Args.of("x")).id();
    assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    long t0 = System.nanoTime();
    first.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));

    ManualExecutor idle = new ManualExecutor(); // runs nothing unless asked: the task as left
    try (TaskManager reader =
        TaskManager.builder().store(store).executor(idle).register(stuck).build()) {
      Task released = reader.forUser("alice").get(id);
      assertThat(released.state()).isEqualTo(TaskState.PENDING); // at once, not after a lease
      gate.countDown();
      assertThat(idle.runUntilIdle()).isEqualTo(1);
      Task ran = reader.forUser("alice").get(id);
      assertThat(ran.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(ran.attempt()).isEqualTo(1); // the released attempt was not counted
    }
    assertThat(host.isShutdown()).isFalse();
  }

  @Test
  void aLocalSubmitIsClaimedAtOnceNotAtTheNextPoll() throws Exception {
    Scheduler host = host("host", 2);
    TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");
    TaskManager m = TaskManager.builder()
        .store(InMemoryTaskStore.create())
        .executor(QuartzExecutor.using(host))
        .register(ok)
        .pollInterval(Duration.ofHours(1)) // the poll fires once, at start, then not in this test
        .build();
    closing.add(m);
    UserTasks alice = m.forUser("alice");
    for (int i = 0; i < 20; i++) {
      String id = alice.submit(ok, Args.of("t" + i)).id();
      assertThat(alice.awaitFinished(id, WAIT).state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }

  @Test
  void onTheHostsSchedulerBtManagerTakesNoMoreThreadsThanGivenAndTheHostsJobsStillRun()
      throws Exception {
    Scheduler host = host("host", 4);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    TaskDefinition<Args, String> busy = TaskDefinition.of("busy", Args.class, String.class)
        .handler((ctx, a) -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            gate.await();
          } finally {
            running.decrementAndGet();
          }
          return a.label();
        })
        .build();
    UserTasks alice =
        manager(QuartzExecutor.builder().using(host).threads(2).build(), busy).forUser("alice");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(alice.submit(busy, Args.of("b" + i)).id());
    }
    await().atMost(WAIT).until(() -> running.get() == 2);

    host.scheduleJob(
        JobBuilder.newJob(HostJob.class).withIdentity("host-job-beside").build(),
        TriggerBuilder.newTrigger().startNow().build());
    assertThat(hostJobRan.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the host's job runs on a thread bt-manager left free")
        .isTrue();
    gate.countDown();
    for (String id : ids) {
      assertThat(alice.awaitFinished(id, WAIT).state()).isEqualTo(TaskState.SUCCEEDED);
    }
    assertThat(most).hasValue(2);
  }
}
