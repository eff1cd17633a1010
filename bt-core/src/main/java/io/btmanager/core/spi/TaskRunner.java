package io.btmanager.core.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the core hands a {@link TaskExecutor}: it claims, runs attempts and writes their outcomes
 * (progress, timeout, cancellation, retry, failure with advice, fencing by the lease), so an
 * executor only decides on which threads and when. Thread-safe. No method throws: store outages are
 * logged and backed off inside (claims come back empty while the store is down).
 */
public interface TaskRunner {

  /** This node's id (the lease owner name). */
  String nodeId();

  /** How often an idle executor should claim, to find work submitted on other nodes. */
  Duration pollInterval();

  /**
   * Claims up to {@code max} runnable tasks for this node, by priority then submission order; empty
   * when there are none, the store is down, or the node is stopping. Each is RUNNING, its lease kept
   * by the core from now on; hand each to {@link #run} or {@link #runAndClaimNext}.
   */
  List<ClaimedTask> claim(int max);

  /**
   * Runs one claimed task on the calling thread and writes its outcome: the handler with its
   * timeout and progress, then success, retry with backoff, failure with advice or cancellation,
   * fenced by the lease. Honours interruption as cancellation. Returns at once when the task is no
   * longer this node's to start (released at shutdown, or its lease lost). Tasks claimed ahead with
   * it by {@link #runAndClaimNext} go back to the queue.
   */
  void run(ClaimedTask task);

  /**
   * Runs {@code task} as {@link #run} does, then claims the next task: what a worker that runs tasks
   * back to back does. On a store that declares {@link StoreCapabilities#batchesCommits()}, the
   * outcome and the claim share one write, and workers finishing together share it too. There it
   * may also run ahead: when the task ran short
   * (1 ms or less), the claim takes up to four tasks; the next calls run those known to run short
   * before writing their outcomes in one turn. So a thread that calls this holds at most four
   * claimed tasks at once (each RUNNING with its lease kept), the one it runs included. The task
   * returned may be one claimed ahead; its chain follows it to whatever thread runs it next.
   *
   * @return the next task to run; empty when there is none, the store is down, or the node is
   *     stopping
   */
  Optional<ClaimedTask> runAndClaimNext(ClaimedTask task);

  /**
   * Extends the leases of every task this node holds in one batch, writes their latest progress,
   * and interrupts those whose owners asked them to stop or whose lease was lost. Only an executor
   * that {@linkplain TaskExecutor#drivesMaintenance() drives maintenance} calls it; otherwise the
   * core does, on its own thread.
   */
  void heartbeat();

  /**
   * Returns tasks whose lease expired (their node died) to the queue, and purges old tasks. Called
   * as {@link #heartbeat} is.
   */
  void sweep();

  /**
   * Fires the schedule entries that are due; each occurrence fires on one node. Called as {@link
   * #heartbeat} is.
   */
  void fireDueSchedules();
}
