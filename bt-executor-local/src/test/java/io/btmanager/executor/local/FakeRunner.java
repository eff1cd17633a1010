package io.btmanager.executor.local;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.RunnerSettings;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real, simple, thread-safe {@link TaskRunner} for the executor's tests: hands out a queue of
 * tasks, runs each with a behaviour the test sets, and records what the executor did.
 */
class FakeRunner implements TaskRunner {
  private final RunnerSettings settings;
  private final Tasks tasks = new Tasks();
  private final Queue<ClaimedTask> queue = new ConcurrentLinkedQueue<>();
  private volatile Consumer<ClaimedTask> behaviour = task -> {};

  final AtomicInteger claimCalls = new AtomicInteger();
  /**
   * Set by {@link #stopClaiming} (claims still answer: the tests here hold claims in flight across
   * it, and check that the executor itself claims nothing more).
   */
  volatile boolean stoppedClaiming;

  final AtomicInteger maxClaimAsked = new AtomicInteger();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  /** Claimed and not yet returned from run(): what the executor holds. */
  final AtomicInteger outstanding = new AtomicInteger();

  final AtomicInteger maxOutstanding = new AtomicInteger();
  final AtomicInteger heartbeats = new AtomicInteger();
  final AtomicInteger sweeps = new AtomicInteger();
  final AtomicInteger scheduleFirings = new AtomicInteger();
  final AtomicInteger releases = new AtomicInteger();
  final Queue<String> finished = new ConcurrentLinkedQueue<>();
  final Set<Thread> runThreads = ConcurrentHashMap.newKeySet();
  /** The name of the thread of every claim() call, in order. */
  final Queue<String> claimThreads = new ConcurrentLinkedQueue<>();
  /** Lifecycle events in order: "release", "interrupted:<id>", "finished:<id>". */
  final Queue<String> events = new ConcurrentLinkedQueue<>();

  FakeRunner(Duration poll) {
    this(new RunnerSettings(poll, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1)));
  }

  FakeRunner(RunnerSettings settings) {
    this.settings = settings;
  }

  /** Sets what run() does with each task (default: nothing). */
  FakeRunner behaviour(Consumer<ClaimedTask> b) {
    this.behaviour = b;
    return this;
  }

  /** Makes tasks with these ids claimable (without telling the executor). */
  FakeRunner add(String... ids) {
    for (String id : ids) {
      queue.add(tasks.claimed(id));
    }
    return this;
  }

  /** Makes {@code n} tasks claimable, with ids {@code prefix1..prefixN}. */
  FakeRunner addMany(String prefix, int n) {
    for (int i = 1; i <= n; i++) {
      add(prefix + i);
    }
    return this;
  }

  @Override
  public String nodeId() {
    return "node-1";
  }

  @Override
  public RunnerSettings settings() {
    return settings;
  }

  @Override
  public void stopClaiming() {
    stoppedClaiming = true;
  }

  @Override
  public List<ClaimedTask> claim(int max) {
    claimCalls.incrementAndGet();
    claimThreads.add(Thread.currentThread().getName());
    maxClaimAsked.accumulateAndGet(max, Math::max);
    List<ClaimedTask> out = new ArrayList<>();
    ClaimedTask t;
    while (out.size() < max && (t = queue.poll()) != null) {
      out.add(t);
    }
    maxOutstanding.accumulateAndGet(outstanding.addAndGet(out.size()), Math::max);
    return out;
  }

  @Override
  public void run(ClaimedTask task) {
    runThreads.add(Thread.currentThread());
    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    try {
      behaviour.accept(task);
      events.add(
          (Thread.currentThread().isInterrupted() ? "interrupted:" : "finished:") + task.id());
      finished.add(task.id());
    } finally {
      running.decrementAndGet();
      outstanding.decrementAndGet();
    }
  }

  @Override
  public void heartbeat() {
    heartbeats.incrementAndGet();
  }

  @Override
  public void sweep() {
    sweeps.incrementAndGet();
  }

  @Override
  public void fireDueSchedules() {
    scheduleFirings.incrementAndGet();
  }

  @Override
  public void releaseUnfinished() {
    events.add("release");
    releases.incrementAndGet();
  }
}
