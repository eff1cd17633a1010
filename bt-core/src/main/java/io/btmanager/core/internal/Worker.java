package io.btmanager.core.internal;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import io.btmanager.core.internal.RunningTask.StopReason;
import io.btmanager.core.internal.Turns.Turned;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskRunner;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's {@link TaskRunner}: claims for the executor, runs an attempt on the executor's thread
 * (handler, timeout, the outcome {@link Outcomes} decides) and writes outcomes through {@link
 * Turns}. Every task it claims is kept by {@link Claims} until its outcome is written.
 */
final class Worker implements TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final Engine engine;
  private final EngineConfig config;
  private final Claims claims;
  private final Turns turns;
  private final RunAhead ahead;
  private final StoreGuard guard;
  private final ScheduledExecutorService timer;
  /** Cleared when the node stops: claim nothing more. */
  private volatile boolean claiming = true;

  Worker(Engine engine, StoreGuard guard, ScheduledExecutorService timer) {
    this.engine = engine;
    this.config = engine.config();
    this.guard = guard;
    this.timer = timer;
    this.turns = new Turns(engine, guard);
    this.claims = new Claims(engine, guard, turns);
    this.ahead = new RunAhead(engine.stats());
  }

  Claims claims() {
    return claims;
  }

  @Override
  public String nodeId() {
    return config.nodeId();
  }

  @Override
  public Duration pollInterval() {
    return config.poll();
  }

  @Override
  public List<ClaimedTask> claim(int max) {
    if (max < 1 || !claiming || !guard.ready()) {
      return List.of();
    }
    try {
      List<StoredTask> claimed = engine.store().claim(engine.claimRequest(max));
      guard.succeeded();
      claims.add(claimed);
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

  /**
   * Runs the task and writes its outcome. The tasks claimed ahead with it go back to the queue: an
   * executor that calls this rather than {@link #runAndClaimNext} runs no more of its chain.
   */
  @Override
  public void run(ClaimedTask claimed) {
    List<StoredTask> chain = ahead.detach(claimed.id());
    Ran ran = attempt(claimed.task());
    write(ran == null ? List.of() : List.of(ran), 0);
    claims.release(chain);
  }

  /**
   * Runs the task, then the tasks claimed ahead with it while each is short, and writes their
   * outcomes with the next claim in one turn; see {@link RunAhead}.
   */
  @Override
  public Optional<ClaimedTask> runAndClaimNext(ClaimedTask claimed) {
    if (!turns.shared()) {
      run(claimed); // in memory, nothing to share
      return claim(1).stream().findFirst();
    }
    RunAhead.Chain chain = ahead.chainOf(claimed.id());
    List<Ran> ran = new ArrayList<>();
    boolean lastShort;
    StoredTask next = claimed.task();
    while (true) {
      Ran r = attempt(next);
      if (r != null) {
        ran.add(r);
      }
      lastShort = r != null && RunAhead.isShort(r.took());
      next = lastShort ? chain.nextShort() : null;
      if (next == null) {
        break;
      }
    }
    boolean claim = chain.isEmpty() && claiming && guard.ready();
    List<StoredTask> got = write(ran, claim ? RunAhead.claims(lastShort) : 0);
    claims.add(got);
    return chain.handBack(got).map(ClaimedTask::new);
  }

  /** A task that ran and whose outcome is to be written. */
  private record Ran(StoredTask task, Completion completion, Duration took) {}

  /**
   * Runs one attempt on the calling thread: null when there is nothing to write (the task was not
   * this node's to start any more, or a release or lost lease took it).
   */
  private Ran attempt(StoredTask t) {
    RunningTask rt = claims.start(t, Thread.currentThread(), config.clock().instant());
    if (rt == null) {
      return null;
    }
    TaskDefinition<?, ?> def = engine.registry().find(t.type());
    engine.publish(TaskEventKind.STARTED, t, rt.progress, null);
    ScheduledFuture<?> timeout = def == null || def.timeout() == null
        ? null
        : timer.schedule(
            () -> rt.stop(StopReason.TIMED_OUT), def.timeout().toNanos(), TimeUnit.NANOSECONDS);
    long started = System.nanoTime();
    Object result = null;
    String resultJson = null;
    Throwable error = null;
    boolean unwritable = false;
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
    }
    if (error == null && result != null) {
      try {
        resultJson = engine.json().result(result, config.maxResultBytes());
      } catch (RuntimeException e) {
        error = e;
        unwritable = true;
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (!claims.end(rt)) {
      return null; // released or lost while the handler ran: the release wrote for it
    }
    Completion c = Outcomes.decide(new Outcomes.Ended(
        t,
        def,
        resultJson,
        error,
        unwritable,
        rt.stopReason(),
        rt.progress,
        config.nodeId(),
        config.clock().instant()));
    if (c == null) {
      claims.done(t);
      return null;
    }
    return new Ran(t, c, took);
  }

  private <A, R> R invoke(TaskDefinition<A, R> def, RunningTask ctx, String argumentsJson)
      throws Exception {
    A args = engine.json().bind(argumentsJson, def.argumentType());
    return def.handler().run(ctx, args);
  }

  /**
   * Writes the outcomes of the tasks that ran (when any) and claims {@code claims} tasks (when
   * positive) in one turn; returns the tasks claimed.
   */
  private List<StoredTask> write(List<Ran> ran, int claimsWanted) {
    if (ran.isEmpty() && claimsWanted == 0) {
      return List.of();
    }
    List<Completion> completions = new ArrayList<>(ran.size());
    for (Ran r : ran) {
      completions.add(r.completion());
    }
    Turned turned = turns.write(completions, claimsWanted);
    for (int i = 0; i < ran.size(); i++) {
      written(ran.get(i), turned.written().get(i), turned.applied().get(i));
    }
    return turned.claimed();
  }

  /** After an outcome's write: the duration statistics and the event, when it was applied. */
  private void written(Ran ran, Completion outcome, boolean applied) {
    StoredTask t = ran.task();
    claims.done(t);
    TaskState state = outcome.state();
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
      case SCHEDULED, PENDING -> TaskEventKind.RETRY_SCHEDULED;
      default -> TaskEventKind.FAILED;
    };
    engine.publishCurrent(kind, t.id()); // reads the store only when someone listens here
  }

  @Override
  public void heartbeat() {
    claims.heartbeat();
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

  /** Claims nothing from now on; the tasks already claimed still run. */
  void stopClaiming() {
    claiming = false;
  }
}
