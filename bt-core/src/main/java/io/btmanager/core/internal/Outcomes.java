package io.btmanager.core.internal;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.internal.RunningTask.StopReason;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * How an attempt ended, decided from what happened in it and nothing else: no store, no clock, no
 * thread. The one place that turns a handler's return or throw into the task's next state.
 */
final class Outcomes {

  private Outcomes() {}

  /**
   * What happened in one attempt.
   *
   * @param claim the task as claimed for the attempt
   * @param definition its type, or null when this node does not know it
   * @param resultJson the result written as JSON (null for a null result, or when the handler
   *     threw)
   * @param error what the handler threw, or what writing its result threw; null when it returned
   * @param resultUnwritable true when {@code error} is the failure to write the result as JSON
   * @param stop why the attempt was told to stop, or null
   * @param progress the progress last reported
   * @param node this node's id
   * @param now when the attempt ended
   */
  record Ended(
      StoredTask claim,
      TaskDefinition<?, ?> definition,
      String resultJson,
      Throwable error,
      boolean resultUnwritable,
      StopReason stop,
      Progress progress,
      String node,
      Instant now) {}

  /**
   * The outcome to write: success, a retry after the policy's back-off, a failure with advice, or
   * a cancellation; null when this node may write nothing (its lease was lost, or the node
   * released the task). A handler that returned has succeeded whatever stop it was asked; one that
   * threw after a release goes back to the queue without counting the attempt.
   */
  static Completion decide(Ended e) {
    StoredTask t = e.claim();
    if (e.stop() == StopReason.LEASE_LOST) {
      return null; // another node owns the task now
    }
    if (e.error() == null) {
      return ended(e, TaskState.SUCCEEDED, ExecutionOutcome.SUCCEEDED, e.resultJson(), null, null);
    }
    if (e.stop() == StopReason.RELEASED) {
      return released(t, e.progress(), e.node(), e.now());
    }
    if (e.stop() == StopReason.CANCELLED) {
      return ended(
          e, TaskState.CANCELLED, ExecutionOutcome.CANCELLED, null, Advising.cancelled(), null);
    }
    if (e.resultUnwritable()) {
      TaskError error = Advising.unwritableResult(e.error());
      return ended(e, TaskState.FAILED, ExecutionOutcome.FAILED, null, error, null);
    }
    TaskDefinition<?, ?> def = e.definition();
    Throwable cause = e.stop() == StopReason.TIMED_OUT
        ? new TimeoutException("the attempt ran longer than its timeout of " + def.timeout())
        : e.error();
    TaskError error = Advising.advise(def, cause);
    if (def != null && error.retryable() && def.retry().shouldRetry(t.attempt(), cause)) {
      Instant next = e.now().plus(def.retry().delayAfter(t.attempt()));
      return ended(e, TaskState.SCHEDULED, ExecutionOutcome.FAILED, null, error, next);
    }
    return ended(e, TaskState.FAILED, ExecutionOutcome.FAILED, null, error, null);
  }

  /** The outcome that returns a claimed task to the queue, its attempt not counted. */
  static Completion released(StoredTask t, Progress progress, String node, Instant now) {
    Execution ex = execution(t, node, now, ExecutionOutcome.RELEASED, null, null);
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

  /**
   * What is written instead of an outcome the store refused: the attempt FAILED with {@code
   * error}, no result and no progress message (the refused value may be either), under the same
   * lease token, so that the task ends now rather than when its lease expires.
   */
  static Completion refused(Completion c, TaskError error) {
    Execution ex = c.execution();
    Instant end = c.finishedAt() != null ? c.finishedAt() : ex.finishedAt();
    return new Completion(
        c.taskId(),
        c.leaseToken(),
        TaskState.FAILED,
        c.attempt(),
        new Progress(c.progress().done(), c.progress().total(), ""),
        null,
        error,
        end,
        null,
        new Execution(
            ex.taskId(),
            ex.attempt(),
            ex.configurationId(),
            ex.node(),
            ex.startedAt(),
            end,
            ExecutionOutcome.FAILED,
            null,
            error));
  }

  private static Completion ended(
      Ended e,
      TaskState state,
      ExecutionOutcome outcome,
      String resultJson,
      TaskError error,
      Instant nextAttemptAt) {
    StoredTask t = e.claim();
    Transitions.check(t.state(), state);
    return new Completion(
        t.id(),
        t.leaseToken(),
        state,
        t.attempt(),
        e.progress(),
        resultJson,
        error,
        state.isFinished() ? e.now() : null,
        nextAttemptAt,
        execution(t, e.node(), e.now(), outcome, resultJson, error));
  }

  /** The execution of claim {@code t}'s attempt on {@code node}, ended {@code now}. */
  private static Execution execution(
      StoredTask t,
      String node,
      Instant now,
      ExecutionOutcome outcome,
      String resultJson,
      TaskError error) {
    return new Execution(
        t.id(),
        t.attempt(),
        t.configurationId(),
        node,
        t.startedAt(),
        now,
        outcome,
        resultJson,
        error);
  }
}
