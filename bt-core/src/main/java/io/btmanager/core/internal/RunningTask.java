package io.btmanager.core.internal;

import io.btmanager.core.definition.TaskContext;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Progress;
import java.time.Instant;

/** A task running on this node: its claim, its thread, its live progress and why it must stop. */
final class RunningTask implements TaskContext {

  /** Why a running task was told to stop. */
  enum StopReason {
    CANCELLED,
    TIMED_OUT,
    LEASE_LOST,
    RELEASED
  }

  final StoredTask claim;
  final Thread thread;
  private final Claims claims;
  volatile Progress progress;
  volatile boolean progressDirty;
  volatile Instant lastProgressWrite;
  private volatile StopReason stopReason;
  private boolean ended; // guarded by this: once set, stop() no longer touches the thread

  RunningTask(StoredTask claim, Thread thread, Claims claims, Instant now) {
    this.claim = claim;
    this.thread = thread;
    this.claims = claims;
    this.progress = claim.progress();
    this.lastProgressWrite = now;
  }

  @Override
  public String taskId() {
    return claim.id();
  }

  @Override
  public int attempt() {
    return claim.attempt();
  }

  @Override
  public void progress(long done, long total, String message) {
    progress = new Progress(done, total, Limits.progressMessage(message));
    progressDirty = true;
    claims.progressed(this);
  }

  @Override
  public boolean isCancelled() {
    return stopReason != null;
  }

  StopReason stopReason() {
    return stopReason;
  }

  /**
   * Tells the handler to stop (first reason wins) and interrupts its thread — only while the
   * handler still runs, so a late stop never interrupts the next task on that thread.
   */
  synchronized void stop(StopReason reason) {
    if (stopReason != null || ended) {
      return;
    }
    stopReason = reason;
    thread.interrupt();
  }

  /** The handler returned: later stops change nothing, and an interrupt already sent is cleared. */
  void end() {
    synchronized (this) {
      ended = true;
    }
    Thread.interrupted();
  }
}
