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
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  private final Engine engine;
  private final EngineConfig config;
  private final RunningTasks running;
  private final StoreGuard guard;
  private final ScheduledExecutorService timer;
  private final GroupCommit<Completion, Boolean> completions;

  Worker(Engine engine, RunningTasks running, StoreGuard guard, ScheduledExecutorService timer) {
    this.engine = engine;
    this.config = engine.config();
    this.running = running;
    this.guard = guard;
    this.timer = timer;
    // commits cost on a durable store: workers finishing together share one; in memory, don't wait
    this.completions = engine.store().capabilities().durable()
        ? new GroupCommit<>(batch -> engine.store().complete(batch), 512)
        : null;
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
    if (max < 1 || !guard.ready()) {
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

  @Override
  public void run(ClaimedTask claimed) {
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
    finish(rt, def, result, error, Duration.ofNanos(System.nanoTime() - started));
  }

  private <A, R> R invoke(TaskDefinition<A, R> def, RunningTask ctx, String argumentsJson)
      throws Exception {
    A args = engine.json().bind(argumentsJson, def.argumentType());
    return def.handler().run(ctx, args);
  }

  private void finish(
      RunningTask rt, TaskDefinition<?, ?> def, Object result, Throwable error, Duration took) {
    StoredTask t = rt.claim;
    StopReason reason = rt.stopReason();
    if (reason == StopReason.LEASE_LOST || reason == StopReason.RELEASED) {
      return; // another node owns the task now, or it went back to the queue
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
      resultJson = result == null ? null : engine.json().write(result);
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
    Execution execution = new Execution(
        t.id(),
        t.attempt(),
        t.configurationId(),
        config.nodeId(),
        t.startedAt(),
        now,
        outcome,
        resultJson,
        taskError);
    Completion c = new Completion(
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
    if (!complete(c)) {
      LOG.info("task {} lost its lease before its outcome ({}) could be written", t.id(), state);
      return;
    }
    if (state == TaskState.SUCCEEDED) {
      engine.stats().record(t.type(), took);
    }
    TaskEventKind kind = switch (state) {
      case SUCCEEDED -> TaskEventKind.SUCCEEDED;
      case CANCELLED -> TaskEventKind.CANCELLED;
      case SCHEDULED -> TaskEventKind.RETRY_SCHEDULED;
      default -> TaskEventKind.FAILED;
    };
    engine.publishCurrent(kind, t.id()); // reads the store only when someone listens here
  }

  /** Writes a completion, retrying through a store outage for up to one lease period. */
  private boolean complete(Completion c) {
    long deadline = System.nanoTime() + config.lease().toNanos();
    long backoff = 50;
    while (true) {
      try {
        boolean applied = completions != null
            ? completions.submit(c)
            : engine.store().complete(List.of(c)).get(0);
        guard.succeeded();
        return applied;
      } catch (StoreUnavailableException e) {
        guard.failed(e);
        if (System.nanoTime() - deadline > 0) {
          LOG.warn(
              "could not write the outcome of task {}; its lease will expire and it runs again",
              c.taskId());
          return false;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
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
    if (running.isEmpty() || !guard.ready()) {
      return;
    }
    Map<String, LeaseStatus> statuses;
    try {
      statuses = engine.store().extendLeases(running.tokens(), config.lease());
      guard.succeeded();
    } catch (StoreUnavailableException e) {
      guard.failed(e);
      return;
    }
    statuses.forEach((id, status) -> {
      RunningTask rt = running.get(id);
      if (rt == null) {
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
  public void releaseUnfinished() {
    List<Completion> releases = new ArrayList<>();
    Instant now = config.clock().instant();
    for (RunningTask rt : running.all()) {
      rt.stop(StopReason.RELEASED);
      StoredTask t = rt.claim;
      Execution ex = new Execution(
          t.id(),
          t.attempt(),
          t.configurationId(),
          config.nodeId(),
          t.startedAt(),
          now,
          ExecutionOutcome.RELEASED,
          null,
          null);
      releases.add(new Completion(
          t.id(),
          t.leaseToken(),
          TaskState.PENDING,
          Math.max(0, t.attempt() - 1),
          rt.progress,
          null,
          t.error(),
          null,
          null,
          ex));
    }
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
  }
}
