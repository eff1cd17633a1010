package io.btmanager.core.internal;

import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.internal.RunningTask.StopReason;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every task this node has claimed and not yet written an outcome for, started or not: the
 * heartbeat keeps all their leases, writes their progress, and stops those cancelled or lost; a
 * release returns them to the queue. Which of a handler's end and a release comes first is decided
 * here, once: a handler that has returned keeps its outcome, a task released before its handler
 * ended is written by the release only. Thread-safe.
 */
final class Claims {

  /** Where a claimed task stands on this node. */
  private enum Phase {
    /** Claimed, not started. */
    CLAIMED,
    /** Its handler runs. */
    RUNNING,
    /** Its handler runs and was told to stop for a release; it may still return. */
    RELEASING,
    /** Its handler ended; the outcome is being written by its thread. */
    ENDED,
    /** Released or lost: nothing more is written for it here. */
    GONE
  }

  private static final class Claim {
    final StoredTask task;
    Phase phase = Phase.CLAIMED; // guarded by this
    RunningTask running; // guarded by this; set from RUNNING on

    Claim(StoredTask task) {
      this.task = task;
    }
  }

  private final Engine engine;
  private final StoreGuard guard;
  private final Turns turns;
  private final ConcurrentHashMap<String, Claim> byId = new ConcurrentHashMap<>();
  private final Object emptied = new Object();
  private volatile boolean draining;
  /** Set by {@link #releaseAll}: a claim that was in flight then is released as it arrives. */
  private volatile boolean releasing;

  Claims(Engine engine, StoreGuard guard, Turns turns) {
    this.engine = engine;
    this.guard = guard;
    this.turns = turns;
  }

  /**
   * Keeps tasks just claimed by this node; once the node has released its tasks (a claim was in
   * flight as it stopped), releases them at once instead.
   */
  void add(List<StoredTask> claimed) {
    for (StoredTask t : claimed) {
      byId.put(t.id(), new Claim(t));
    }
    if (releasing && !claimed.isEmpty()) {
      release(claimed); // put first, read the flag after: releaseAll sets it, then looks
    }
  }

  /** How many tasks this node holds (claimed, running or with an outcome being written). */
  int size() {
    return byId.size();
  }

  /**
   * Starts the attempt of a claimed task on {@code thread}: null when it is no longer this node's
   * to start (released, lost or deleted meanwhile).
   */
  RunningTask start(StoredTask t, Thread thread, Instant now) {
    Claim c = byId.get(t.id());
    if (c == null || !isClaim(c, t)) {
      return null;
    }
    synchronized (c) {
      if (c.phase != Phase.CLAIMED) {
        return null;
      }
      c.phase = Phase.RUNNING;
      c.running = new RunningTask(t, thread, this, now);
      return c.running;
    }
  }

  /**
   * The handler of {@code rt} has ended: true when its thread is to write the outcome, false when
   * a release or a lost lease took the task first.
   */
  boolean end(RunningTask rt) {
    Claim c = byId.get(rt.taskId());
    if (c == null) {
      return false;
    }
    synchronized (c) {
      if (c.running != rt || c.phase == Phase.GONE) {
        return false;
      }
      c.phase = Phase.ENDED;
      return true;
    }
  }

  /** The outcome of {@code t}'s attempt is written (or refused): the node holds it no more. */
  void done(StoredTask t) {
    Claim c = byId.get(t.id());
    if (c != null && isClaim(c, t)) {
      byId.remove(t.id(), c);
    }
    if (draining && byId.isEmpty()) {
      synchronized (emptied) {
        emptied.notifyAll();
      }
    }
  }

  /** The live progress of a task running here, or null. */
  Progress progressOf(String id) {
    Claim c = byId.get(id);
    if (c == null) {
      return null;
    }
    synchronized (c) {
      return c.running == null ? null : c.running.progress;
    }
  }

  /** Called on the handler's thread for every progress report. */
  void progressed(RunningTask rt) {
    engine.publish(TaskEventKind.PROGRESS, rt.claim, rt.progress, null);
    Instant now = engine.config().clock().instant();
    if (Duration.between(rt.lastProgressWrite, now).compareTo(engine.config().progressWrite())
        >= 0) {
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

  /**
   * Extends the lease of every task this node holds, started or not, in one store call; stops the
   * handlers whose owners asked them to stop or whose lease was lost, forgets the unstarted ones
   * that were lost, and writes the progress not yet written.
   */
  void heartbeat() {
    if (byId.isEmpty() || !guard.ready()) {
      return;
    }
    Map<String, String> tokens = new HashMap<>();
    byId.forEach((id, c) -> tokens.put(id, c.task.leaseToken()));
    Map<String, LeaseStatus> statuses;
    try {
      statuses = engine.store().extendLeases(tokens, engine.config().lease());
      guard.succeeded();
    } catch (StoreUnavailableException e) {
      guard.failed(e);
      return;
    }
    List<RunningTask> dirty = new ArrayList<>();
    statuses.forEach((id, status) -> {
      Claim c = byId.get(id);
      if (c == null) {
        return;
      }
      synchronized (c) {
        if (status == LeaseStatus.LOST && c.phase == Phase.CLAIMED) {
          c.phase = Phase.GONE; // another node's now: not to be started here
          byId.remove(id, c);
        } else if (c.running != null && status != LeaseStatus.KEPT) {
          c.running.stop(status == LeaseStatus.LOST ? StopReason.LEASE_LOST : StopReason.CANCELLED);
        } else if (c.running != null && c.running.progressDirty && c.phase == Phase.RUNNING) {
          dirty.add(c.running);
        }
      }
    });
    Instant now = engine.config().clock().instant();
    for (RunningTask rt : dirty) {
      writeProgress(rt, now);
    }
  }

  /**
   * Stops a task this node holds at once: cancelled by an owner, or deleted (then nothing more is
   * written for it, and an unstarted one is never started).
   */
  void stopLocally(String taskId, boolean deleted) {
    Claim c = byId.get(taskId);
    if (c == null) {
      return;
    }
    synchronized (c) {
      if (c.running != null) {
        c.running.stop(deleted ? StopReason.LEASE_LOST : StopReason.CANCELLED);
      } else if (deleted && c.phase == Phase.CLAIMED) {
        c.phase = Phase.GONE;
        byId.remove(taskId, c);
      }
    }
  }

  /** Returns claimed tasks that were not started to the queue (a chain an executor left). */
  void release(List<StoredTask> unstarted) {
    if (unstarted.isEmpty()) {
      return;
    }
    List<Completion> releases = new ArrayList<>();
    Instant now = engine.config().clock().instant();
    for (StoredTask t : unstarted) {
      Claim c = byId.get(t.id());
      if (c == null || !isClaim(c, t)) {
        continue;
      }
      synchronized (c) {
        if (c.phase == Phase.CLAIMED) {
          c.phase = Phase.GONE;
          releases.add(Outcomes.released(t, t.progress(), nodeId(), now));
          byId.remove(t.id(), c);
        }
      }
    }
    turns.release(releases);
  }

  /**
   * Waits until this node holds no task, for at most {@code nanos}.
   *
   * @return true when it holds none
   */
  boolean awaitEmpty(long nanos) {
    draining = true;
    long deadline = System.nanoTime() + nanos;
    synchronized (emptied) {
      while (!byId.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(emptied, Math.min(left, 10_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return byId.isEmpty();
        }
      }
      return true;
    }
  }

  /**
   * Returns every task this node holds to the queue, its attempt not counted: unstarted ones at
   * once; running ones are told to stop (interrupted) and given {@code wait} to end: one that
   * returns keeps its outcome, one that throws is released by its own thread, and one still running
   * after the wait is released here (its later outcome is refused by the lease).
   */
  void releaseAll(Duration wait) {
    releasing = true;
    List<Completion> releases = new ArrayList<>();
    List<Claim> stopping = new ArrayList<>();
    Instant now = engine.config().clock().instant();
    for (Claim c : byId.values()) {
      synchronized (c) {
        if (c.phase == Phase.CLAIMED) {
          c.phase = Phase.GONE;
          releases.add(Outcomes.released(c.task, c.task.progress(), nodeId(), now));
          byId.remove(c.task.id(), c);
        } else if (c.phase == Phase.RUNNING) {
          c.phase = Phase.RELEASING;
          c.running.stop(StopReason.RELEASED);
          stopping.add(c);
        }
      }
    }
    turns.release(releases);
    if (stopping.isEmpty()) {
      return;
    }
    awaitEmpty(wait.toNanos());
    releases.clear();
    now = engine.config().clock().instant();
    for (Claim c : stopping) {
      synchronized (c) {
        if (c.phase == Phase.RELEASING) {
          c.phase = Phase.GONE;
          releases.add(Outcomes.released(c.task, c.running.progress, nodeId(), now));
          byId.remove(c.task.id(), c);
        }
      }
    }
    turns.release(releases);
  }

  /**
   * Whether {@code t} is the task of claim {@code c}: the same lease (an executor may hand back an
   * equal copy of the task it was given, after serialising it).
   */
  private static boolean isClaim(Claim c, StoredTask t) {
    return c.task.leaseToken().equals(t.leaseToken());
  }

  private String nodeId() {
    return engine.config().nodeId();
  }
}
