package io.btmanager.core.spi;

import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.task.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The work queue aggregate: what the nodes' workers do. Claims hand each task to one node with a
 * lease; every later write of that node is fenced by the lease token, so a node that lost its lease
 * cannot overwrite the task. Time (started, lease expiry, due) is the store's clock ({@link
 * TaskStore#now()}), so skew between the nodes' clocks moves nothing.
 *
 * <p>Failures of the backend are thrown as {@link StoreUnavailableException}; a failed call
 * changes nothing. Every method is safe for concurrent use, also from several processes when
 * {@link StoreCapabilities#sharedAcrossNodes()}.
 */
public interface WorkQueue {

  /** How many of a type's latest successful runs {@link #typicalRunTime} averages. */
  int RUN_TIME_SAMPLE = 20;

  /**
   * Claims up to {@code request.max()} runnable tasks (PENDING, or SCHEDULED and due by the store's
   * clock) whose type is in {@code request.types()}: highest priority first, then lowest {@code
   * seq}. Each becomes RUNNING with attempt + 1, {@code startedAt = now()}, a fresh lease token,
   * {@code leaseOwner = request.node()} and {@code leaseExpiresAt = now() + request.lease()}, its
   * version bumped. Two concurrent claims never return the same task. Tasks of other types are left
   * where they are (they keep their place in the queue).
   */
  List<StoredTask> claim(ClaimRequest request);

  /**
   * Extends the leases of tasks this node runs, in one batch, to {@code now() + lease}.
   *
   * @param leaseTokens task id to the token of its claim
   * @return for every given id: KEPT, CANCEL_REQUESTED (extended, but an owner asked to stop), or
   *     LOST (not RUNNING under that token any more; nothing written)
   */
  Map<String, LeaseStatus> extendLeases(Map<String, String> leaseTokens, Duration lease);

  /**
   * Writes progress of a running task if it is still RUNNING under {@code leaseToken}.
   *
   * @return false when the lease is lost
   */
  boolean saveProgress(String taskId, String leaseToken, Progress progress);

  /**
   * Ends attempts, in one batch, each fenced by its lease token (see {@link Completion}). A
   * completion in state PENDING is a release (graceful shutdown): the task goes back to its place in
   * the queue.
   *
   * @return per completion, in order: true if applied, false if the lease was lost (nothing
   *     written for it)
   */
  List<Boolean> complete(List<Completion> completions);

  /**
   * Ends attempts as {@link #complete} does, then claims as {@link #claim} does: what a node's
   * workers do between two tasks. A store that {@linkplain StoreCapabilities#batchesCommits()
   * batches commits} does both in one transaction, so one commit serves a whole turn of workers;
   * either way a completion is never lost to the claim: if the claim fails after the completions
   * were written, the result has the completions and no claimed task.
   *
   * @throws StoreUnavailableException if the completions could not be written (then nothing was
   *     claimed either)
   */
  default Turnover completeAndClaim(List<Completion> completions, ClaimRequest request) {
    List<Boolean> applied = completions.isEmpty() ? List.of() : complete(completions);
    List<StoredTask> claimed = List.of();
    if (request.max() > 0) {
      try {
        claimed = claim(request);
      } catch (StoreUnavailableException e) {
        // the completions stand; the workers claim again later
      }
    }
    return new Turnover(applied, claimed);
  }

  /** Up to {@code max} RUNNING tasks whose lease expired by the store's clock, oldest expiry first. */
  List<StoredTask> expiredLeases(int max);

  /**
   * Ends an expired lease as the core decided (see {@link LeaseReturn}): applied only if the task is
   * still RUNNING under {@code leaseToken} and its lease has expired by the store's clock, so a lease
   * renewed meanwhile is never taken away.
   *
   * @return false, changing nothing, when the lease was renewed, the task ended or is gone
   */
  boolean returnExpiredLease(LeaseReturn expired);

  /**
   * The typical run time of a type: the mean of {@code finishedAt - startedAt} over its latest
   * SUCCEEDED tasks (at most {@link #RUN_TIME_SAMPLE}, by {@code finishedAt}), kept in the store so
   * that every node, also one that only submits, estimates waits from it (rule 7). Read from the
   * tasks themselves: completions write nothing more for it. Empty when none of the type
   * succeeded.
   */
  Optional<Duration> typicalRunTime(String type);
}
