package io.btmanager.core.internal;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import io.btmanager.core.internal.RunningTask.StopReason;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.RunnerSettings;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskRunner;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's {@link TaskRunner}: runs claimed tasks with all the bookkeeping (progress, timeout,
 * cancellation, retry, outcome, fencing) so that executors never re-implement task semantics.
 */
final class Worker implements TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  /**
   * Workers between two tasks that a turn's write may carry: more than a pool's threads, so that
   * every waiting worker fits in one write.
   */
  private static final int MAX_TURN = 512;

  /**
   * Turn writes in progress at once. A node's turns form a chain (write, wake the workers, next
   * write) in which the database idles while the workers run and the other way round; a second
   * write in flight overlaps one turn's round trip and commit with the next. Two connections'
   * claims skip each other's locked rows, so they never wait for one another.
   */
  private static final int TURN_WRITERS = 2;

  /**
   * The workers that must wait before a second turn write starts beside the first: a write has a
   * fixed cost (a round trip and a commit), and one with a few workers would cost more than it
   * saves. Pools smaller than this keep one write in flight.
   */
  private static final int FULL_TURN = 32;

  /**
   * Tasks a worker claims at its turn when the task it has just run was short: it runs the extra
   * ones itself, back to back, and writes all their outcomes at its next turn. A thread woken per
   * task (parked until its turn's commit, then woken) was about half of the JVM's CPU per no-op
   * task on PostgreSQL; run ahead four at a time, the end-to-end throughput rose by about 60 %
   * (bt-benchmarks/README.md).
   */
  static final int RUN_AHEAD = 4;

  /**
   * What counts as short: a task whose run took at most this, and a type whose average run time is
   * at most this. Only short tasks are run ahead, so a task claimed ahead waits a few milliseconds
   * at most before it starts, and the outcomes written later wait as long.
   */
  static final Duration SHORT = Duration.ofMillis(1);

  private final Engine engine;
  private final EngineConfig config;
  private final RunningTasks running;
  private final StoreGuard guard;
  private final ScheduledExecutorService timer;

  /** On a durable store: outcomes and claims of workers between two tasks, one write per turn. */
  private final GroupCommit<Turn, Turned> turns;
  /** Set when the executor shuts down, and by {@link #releaseUnfinished}: claim nothing more. */
  private volatile boolean claiming = true;

  /** The tasks this thread claimed ahead and has not started, in claim order. */
  private final ThreadLocal<ArrayDeque<StoredTask>> ahead =
      ThreadLocal.withInitial(ArrayDeque::new);

  /**
   * Every task claimed ahead and not started yet, on any thread: their leases are extended like a
   * running task's, and {@link #releaseUnfinished} returns them to the queue. Taking a task out of
   * this map is what starts or releases it, so the two never both happen.
   */
  private final ConcurrentHashMap<String, StoredTask> claimedAhead = new ConcurrentHashMap<>();

  Worker(Engine engine, RunningTasks running, StoreGuard guard, ScheduledExecutorService timer) {
    this.engine = engine;
    this.config = engine.config();
    this.running = running;
    this.guard = guard;
    this.timer = timer;
    // commits cost on a durable store: workers finishing together share one; in memory, don't wait
    this.turns = engine.store().capabilities().durable()
        ? new GroupCommit<>(this::writeTurns, MAX_TURN, TURN_WRITERS, FULL_TURN)
        : null;
  }

  /** A worker between two tasks: the outcomes of the tasks it ran, and how many it wants next. */
  private record Turn(List<Completion> completions, int claims) {}

  /** What a turn got: whether each of its outcomes was applied, and the tasks claimed for it. */
  private record Turned(List<Boolean> applied, List<StoredTask> claimed) {}

  /** One store write for the turns of every worker that finished meanwhile. */
  private List<Turned> writeTurns(List<Turn> batch) {
    List<Completion> completions = new ArrayList<>();
    int wanted = 0;
    for (Turn t : batch) {
      completions.addAll(t.completions());
      wanted += t.claims();
    }
    Turnover done =
        engine.store().completeAndClaim(completions, config.nodeId(), wanted, config.lease());
    List<Turned> out = new ArrayList<>(batch.size());
    int applied = 0;
    int claimed = 0;
    for (Turn t : batch) {
      int n = t.completions().size();
      int got = Math.min(t.claims(), done.claimed().size() - claimed);
      out.add(new Turned(
          done.applied().subList(applied, applied + n),
          done.claimed().subList(claimed, claimed + got)));
      applied += n;
      claimed += got;
    }
    return out;
  }

  @Override
  public String nodeId() {
    return config.nodeId();
  }

  @Override
  public RunnerSettings settings() {
    return config.runnerSettings();
  }

  @Override
  public List<ClaimedTask> claim(int max) {
    if (max < 1 || !claiming || !guard.ready()) {
      return List.of();
    }
    try {
      List<StoredTask> claimed = engine.store().claim(config.nodeId(), max, config.lease());
      guard.succeeded();
      List<ClaimedTask> out = new ArrayList<>(claimed.size());
      for (StoredTask t : claimed) {
        out.add(new ClaimedTask(t));
      }
      return out;
    } catch (StoreUnavailableException e) {
      guard.failed(e);
      return List.of();
    }
  }

  /** Runs the handler; returns the outcome to write, or null when this node may write none. */
  private Ran execute(ClaimedTask claimed) {
    StoredTask t = claimed.task();
    TaskDefinition<?, ?> def = engine.registry().find(t.type());
    RunningTask rt =
        new RunningTask(t, Thread.currentThread(), this, config.clock().instant());
    running.add(rt);
    engine.publish(TaskEventKind.STARTED, t, rt.progress, null);
    ScheduledFuture<?> timeout = def == null || def.timeout() == null
        ? null
        : timer.schedule(
            () -> rt.stop(StopReason.TIMED_OUT), def.timeout().toNanos(), TimeUnit.NANOSECONDS);
    long started = System.nanoTime();
    Object result = null;
    Throwable error = null;
    try {
      if (def == null) {
        throw new UnknownTaskTypeException(t.type(), engine.registry().names());
      }
      result = invoke(def, rt, t.argumentsJson());
    } catch (Throwable e) {
      error = e;
    } finally {
      if (timeout != null) {
        timeout.cancel(false);
      }
      rt.end(); // a stop's interrupt must not leak into the executor's thread
      running.remove(rt);
    }
    Completion c = outcome(rt, def, result, error);
    return c == null ? null : new Ran(rt, c, Duration.ofNanos(System.nanoTime() - started));
  }

  /** A task that ran and whose outcome is to be written. */
  private record Ran(RunningTask task, Completion completion, Duration took) {}

  /**
   * Runs the task and writes its outcome. The tasks this thread claimed ahead go back to the queue:
   * an executor that calls this rather than {@link #runAndClaimNext} runs no more on this thread
   * for now (a closing pool does so).
   */
  @Override
  public void run(ClaimedTask claimed) {
    Ran ran = execute(claimed);
    write(ran == null ? List.of() : List.of(ran), 0);
    releaseAhead();
  }

  /**
   * Runs the task, then the tasks this thread claimed ahead while each is short ({@link #SHORT}),
   * and writes their outcomes with the next claim in one turn. The claim asks for {@link
   * #RUN_AHEAD} tasks when the last one ran short, else for one. A task claimed ahead that may not
   * be short (its type's average run time is unknown or long) is returned to run next, after the
   * outcomes before it are written, so that no outcome waits for a long task.
   */
  @Override
  public Optional<ClaimedTask> runAndClaimNext(ClaimedTask claimed) {
    if (turns == null) {
      return TaskRunner.super.runAndClaimNext(claimed); // in memory, nothing to share
    }
    ArrayDeque<StoredTask> mine = ahead.get();
    List<Ran> ran = new ArrayList<>();
    ClaimedTask next = claimed;
    boolean lastShort;
    while (true) {
      Ran r = execute(next);
      if (r != null) {
        ran.add(r);
      }
      lastShort = r != null && r.took().compareTo(SHORT) <= 0;
      next = lastShort ? takeAhead(mine, true) : null;
      if (next == null) {
        break;
      }
    }
    boolean claim = mine.isEmpty() && claiming && guard.ready();
    List<StoredTask> got = write(ran, claim ? (lastShort ? RUN_AHEAD : 1) : 0);
    if (!claiming) {
      releaseAhead();
      return Optional.empty();
    }
    ClaimedTask head = takeAhead(mine, false);
    if (head != null) {
      return Optional.of(head);
    }
    if (got.isEmpty()) {
      return Optional.empty();
    }
    for (StoredTask t : got.subList(1, got.size())) {
      claimedAhead.put(t.id(), t);
      mine.add(t);
    }
    return Optional.of(new ClaimedTask(got.get(0)));
  }

  /** Whether tasks of the type ran short so far (unknown types are not). */
  private boolean isShort(String type) {
    Duration average = engine.stats().average(type);
    return average != null && average.compareTo(SHORT) <= 0;
  }

  /**
   * Takes the next task this thread claimed ahead, to start it: null when there is none, or when
   * {@code onlyShort} and the next may not be short. Skips the tasks that are no longer this node's
   * to start (released by {@link #releaseUnfinished}, or their lease lost).
   */
  private ClaimedTask takeAhead(ArrayDeque<StoredTask> mine, boolean onlyShort) {
    for (StoredTask t; (t = mine.peek()) != null; ) {
      if (onlyShort && !isShort(t.type())) {
        return null;
      }
      mine.poll();
      if (claimedAhead.remove(t.id()) != null) {
        return new ClaimedTask(t);
      }
    }
    return null;
  }

  /**
   * Writes the outcomes of the tasks that ran (when any) and claims {@code claims} tasks (when
   * positive) in one turn; returns the tasks claimed.
   */
  private List<StoredTask> write(List<Ran> ran, int claims) {
    if (ran.isEmpty() && claims == 0) {
      return List.of();
    }
    List<Completion> completions = new ArrayList<>(ran.size());
    for (Ran r : ran) {
      completions.add(r.completion());
    }
    Turned turned = turn(completions, claims);
    for (int i = 0; i < ran.size(); i++) {
      written(ran.get(i), turned.applied().get(i));
    }
    return turned.claimed();
  }

  /** Runs the handler; returns its result as JSON (null for none), within the result limit. */
  private <A, R> String invoke(TaskDefinition<A, R> def, RunningTask ctx, String argumentsJson)
      throws Exception {
    A args = engine.json().bind(argumentsJson, def.argumentType());
    return engine.json().result(def.handler().run(ctx, args), config.maxResultBytes());
  }

  /** The outcome of an attempt; null when another node owns the task now or it was released. */
  private Completion outcome(
      RunningTask rt, TaskDefinition<?, ?> def, Object result, Throwable error) {
    StoredTask t = rt.claim;
    StopReason reason = rt.stopReason();
    if (reason == StopReason.LEASE_LOST || reason == StopReason.RELEASED) {
      return null; // another node owns the task now, or it went back to the queue
    }
    Instant now = config.clock().instant();
    TaskState state;
    String resultJson = null;
    TaskError taskError = null;
    Instant nextAttemptAt = null;
    ExecutionOutcome outcome;
    if (error == null) {
      state = TaskState.SUCCEEDED;
      outcome = ExecutionOutcome.SUCCEEDED;
      resultJson = (String) result; // written (and bounded) on the handler's thread by invoke
    } else if (reason == StopReason.CANCELLED) {
      state = TaskState.CANCELLED;
      outcome = ExecutionOutcome.CANCELLED;
      taskError = Advising.cancelled();
    } else {
      Throwable cause = reason == StopReason.TIMED_OUT
          ? new TimeoutException("the attempt ran longer than its timeout of " + def.timeout())
          : error;
      taskError = Advising.advise(def, cause);
      outcome = ExecutionOutcome.FAILED;
      if (def != null && taskError.retryable() && def.retry().shouldRetry(t.attempt(), cause)) {
        state = TaskState.SCHEDULED;
        nextAttemptAt = now.plus(def.retry().delayAfter(t.attempt()));
      } else {
        state = TaskState.FAILED;
      }
    }
    Transitions.check(t.state(), state);
    Instant finishedAt = state.isFinished() ? now : null;
    Execution execution = attemptEnded(t, now, outcome, resultJson, taskError);
    return new Completion(
        t.id(),
        t.leaseToken(),
        state,
        t.attempt(),
        rt.progress,
        resultJson,
        taskError,
        finishedAt,
        nextAttemptAt,
        execution);
  }

  /** After an outcome's write: the duration statistics and the event, when it was applied. */
  private void written(Ran ran, boolean applied) {
    StoredTask t = ran.task().claim;
    TaskState state = ran.completion().state();
    if (!applied) {
      LOG.warn("task {} lost its lease before its outcome ({}) could be written", t.id(), state);
      return;
    }
    if (state == TaskState.SUCCEEDED) {
      engine.stats().record(t.type(), ran.took());
    }
    TaskEventKind kind = switch (state) {
      case SUCCEEDED -> TaskEventKind.SUCCEEDED;
      case CANCELLED -> TaskEventKind.CANCELLED;
      case SCHEDULED -> TaskEventKind.RETRY_SCHEDULED;
      default -> TaskEventKind.FAILED;
    };
    engine.publishCurrent(kind, t.id()); // reads the store only when someone listens here
  }

  /**
   * Writes outcomes (when any) and claims {@code claims} tasks, retrying the outcomes through a
   * store outage for up to one lease period; nothing is claimed once a write has failed. On a store
   * that is not durable the outcomes are written alone, and nothing is claimed here.
   */
  private Turned turn(List<Completion> completions, int claims) {
    long deadline = System.nanoTime() + config.lease().toNanos();
    long backoff = 50;
    while (true) {
      try {
        Turned turned;
        if (turns != null) {
          turned = turns.submit(new Turn(completions, claims));
        } else {
          turned = new Turned(
              completions.isEmpty() ? List.of() : engine.store().complete(completions), List.of());
        }
        guard.succeeded();
        return turned;
      } catch (StoreUnavailableException e) {
        guard.failed(e);
        List<Boolean> none = Collections.nCopies(completions.size(), false);
        if (completions.isEmpty()) {
          return new Turned(none, List.of());
        }
        claims = 0;
        if (System.nanoTime() - deadline > 0) {
          LOG.warn(
              "could not write the outcome of {} task(s) ({}…); their leases will expire and they"
                  + " run again",
              completions.size(),
              completions.get(0).taskId());
          return new Turned(none, List.of());
        }
        try {
          TimeUnit.MILLISECONDS.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return new Turned(none, List.of());
        }
        backoff = Math.min(backoff * 2, 2_000);
      }
    }
  }

  /** Called on the handler's thread for every progress report. */
  void progressed(RunningTask rt) {
    StoredTask t = rt.claim;
    engine.publish(TaskEventKind.PROGRESS, t, rt.progress, null);
    Instant now = config.clock().instant();
    if (Duration.between(rt.lastProgressWrite, now).compareTo(config.progressWrite()) >= 0) {
      writeProgress(rt, now);
    }
  }

  private void writeProgress(RunningTask rt, Instant now) {
    rt.lastProgressWrite = now;
    rt.progressDirty = false;
    try {
      if (!engine.store().saveProgress(rt.taskId(), rt.claim.leaseToken(), rt.progress)) {
        rt.stop(StopReason.LEASE_LOST);
      } else {
        engine.announce(rt.taskId(), TaskEventKind.PROGRESS, null); // at the store's write rate
      }
    } catch (StoreUnavailableException e) {
      rt.progressDirty = true;
      guard.failed(e);
    }
  }

  @Override
  public void heartbeat() {
    if ((running.isEmpty() && claimedAhead.isEmpty()) || !guard.ready()) {
      return;
    }
    Map<String, String> tokens = running.tokens();
    claimedAhead.forEach((id, t) -> tokens.put(id, t.leaseToken()));
    Map<String, LeaseStatus> statuses;
    try {
      statuses = engine.store().extendLeases(tokens, config.lease());
      guard.succeeded();
    } catch (StoreUnavailableException e) {
      guard.failed(e);
      return;
    }
    statuses.forEach((id, status) -> {
      RunningTask rt = running.get(id);
      if (rt == null) {
        if (status == LeaseStatus.LOST) {
          claimedAhead.remove(id); // claimed ahead, and another node's now: not to be started
        }
        return;
      }
      if (status == LeaseStatus.CANCEL_REQUESTED) {
        rt.stop(StopReason.CANCELLED);
      } else if (status == LeaseStatus.LOST) {
        rt.stop(StopReason.LEASE_LOST);
      }
    });
    Instant now = config.clock().instant();
    for (RunningTask rt : running.all()) {
      if (rt.progressDirty && rt.stopReason() == null) {
        writeProgress(rt, now);
      }
    }
  }

  @Override
  public void sweep() {
    if (!guard.ready()) {
      return;
    }
    try {
      engine.leases().returnExpired();
      engine.retention().purge();
      guard.succeeded();
    } catch (StoreUnavailableException e) {
      guard.failed(e);
    }
  }

  @Override
  public void fireDueSchedules() {
    if (!guard.ready()) {
      return;
    }
    try {
      engine.scheduler().fireDue();
      guard.succeeded();
    } catch (StoreUnavailableException e) {
      guard.failed(e);
    }
  }

  @Override
  public void stopClaiming() {
    claiming = false;
  }

  @Override
  public void releaseUnfinished() {
    claiming = false;
    Instant now = config.clock().instant();
    List<Completion> releases = new ArrayList<>();
    for (RunningTask rt : running.all()) {
      rt.stop(StopReason.RELEASED);
      releases.add(released(rt.claim, rt.progress, now));
    }
    for (String id : claimedAhead.keySet()) {
      StoredTask t = claimedAhead.remove(id);
      if (t != null) {
        releases.add(released(t, t.progress(), now));
      }
    }
    release(releases);
  }

  /** Returns the tasks this thread claimed ahead to the queue (the executor is stopping). */
  private void releaseAhead() {
    ArrayDeque<StoredTask> mine = ahead.get();
    Instant now = config.clock().instant();
    List<Completion> releases = new ArrayList<>();
    for (StoredTask t; (t = mine.poll()) != null; ) {
      if (claimedAhead.remove(t.id()) != null) {
        releases.add(released(t, t.progress(), now));
      }
    }
    release(releases);
  }

  /** The execution of claim {@code t}'s attempt on this node, ended {@code now}. */
  private Execution attemptEnded(
      StoredTask t, Instant now, ExecutionOutcome outcome, String resultJson, TaskError error) {
    return new Execution(
        t.id(),
        t.attempt(),
        t.configurationId(),
        config.nodeId(),
        t.startedAt(),
        now,
        outcome,
        resultJson,
        error);
  }

  /** The outcome that returns a claimed task to the queue, its attempt not counted. */
  private Completion released(StoredTask t, Progress progress, Instant now) {
    Execution ex = attemptEnded(t, now, ExecutionOutcome.RELEASED, null, null);
    return new Completion(
        t.id(),
        t.leaseToken(),
        TaskState.PENDING,
        Math.max(0, t.attempt() - 1),
        progress,
        null,
        t.error(),
        null,
        null,
        ex);
  }

  private void release(List<Completion> releases) {
    if (releases.isEmpty()) {
      return;
    }
    try {
      engine.store().complete(releases);
      LOG.info("released {} unfinished task(s) back to the queue", releases.size());
    } catch (StoreUnavailableException e) {
      LOG.warn(
          "could not release {} task(s); their leases expire and they run again", releases.size());
    }
  }

  /**
   * Stops a task running on this node at once, if it runs here: cancelled by an owner, or deleted
   * (then nothing more is written for it).
   */
  void stopLocally(String taskId, boolean deleted) {
    RunningTask rt = running.get(taskId);
    if (rt != null) {
      rt.stop(deleted ? StopReason.LEASE_LOST : StopReason.CANCELLED);
    }
    if (deleted) {
      claimedAhead.remove(taskId); // claimed ahead here: never to be started
    }
  }
}
