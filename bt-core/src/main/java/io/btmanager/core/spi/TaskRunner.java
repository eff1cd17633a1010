package io.btmanager.core.spi;

import java.util.List;

/**
 * What the core hands a {@link TaskExecutor}: it does all claim, lease, progress, retry and outcome
 * bookkeeping, so an executor only decides when and on which threads things run. Thread-safe. No
 * method throws: store outages are logged and backed off inside (calls return early while the
 * store is down, and resume by themselves when it returns).
 */
public interface TaskRunner {

  /** This node's id (the lease owner name). */
  String nodeId();

  /** The timing the executor should follow. */
  RunnerSettings settings();

  /** Claims up to {@code max} runnable tasks for this node; empty when there are none. */
  List<ClaimedTask> claim(int max);

  /**
   * Runs one claimed task on the calling thread: the handler with its timeout, progress, and the
   * outcome (success, retry with backoff, failure with advice, cancellation), fenced by the lease.
   * Honours thread interruption as cancellation. Tasks that {@link #runAndClaimNext} claimed ahead
   * for the calling thread go back to the queue. Never throws.
   */
  void run(ClaimedTask task);

  /**
   * Runs {@code task} as {@link #run} does, then claims the next task for the calling thread: what a
   * worker that runs tasks back to back does. On a durable store the outcome and the claim share one
   * write, and workers finishing together share it too, so a busy pool commits once per turn rather
   * than twice per task. On a durable store it may also run ahead: when the task ran short (1 ms or
   * less), the claim takes a few tasks for the calling thread, and the next calls run those of
   * them whose type is known to run short before writing all their outcomes in one turn; such a
   * task is RUNNING (its lease kept) from its claim, a few milliseconds before it starts. Never
   * throws.
   *
   * @return the next task, claimed for this thread; empty when there is none, the store is down, or
   *     the runner is closing
   */
  default java.util.Optional<ClaimedTask> runAndClaimNext(ClaimedTask task) {
    run(task);
    return claim(1).stream().findFirst();
  }

  /**
   * Extends the leases of the tasks running on this node in one batch, writes their latest
   * progress, and interrupts those whose owners asked them to stop or whose lease was lost.
   */
  void heartbeat();

  /** Returns tasks whose lease expired (their node died) to the queue, and purges old tasks. */
  void sweep();

  /** Fires the schedule entries that are due; each occurrence fires on exactly one node. */
  void fireDueSchedules();

  /**
   * Claims nothing from now on: {@link #claim} returns no task and {@link #runAndClaimNext} only
   * runs its task. An executor calls it first when it shuts down, so that no new task starts while
   * the running ones finish.
   */
  void stopClaiming();

  /**
   * Gives the leases of tasks still running on this node back to the queue (graceful shutdown):
   * they run again elsewhere or on restart, without counting the attempt. Their handlers' later
   * writes are refused.
   */
  void releaseUnfinished();
}
