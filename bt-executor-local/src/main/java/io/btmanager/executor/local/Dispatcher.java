package io.btmanager.executor.local;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskRunner;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of the one dispatcher thread, which finds work for <em>idle</em> workers: claims as many
 * tasks as there are free slots (at most a batch), hands them to the idle workers, and when a claim
 * comes back short (or no slot is free) waits on its {@link WakeSignal} until a local submit, a
 * worker going idle, or the poll interval. Busy workers need no dispatcher: each claims its next
 * task itself when it has run one (see {@link WorkerPool}), so under load this thread sleeps.
 *
 * <p>The signal is cleared <em>before</em> each claim, so a submit or a freed slot that races with
 * the claim makes the following wait return at once: no wake-up is lost and none is needed twice.
 */
final class Dispatcher implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final TaskRunner runner;
  private final WorkerPool pool;
  private final WakeSignal signal;
  private final int claimBatch;
  private final long pollNanos;

  Dispatcher(
      TaskRunner runner, WorkerPool pool, WakeSignal signal, int claimBatch, long pollNanos) {
    this.runner = runner;
    this.pool = pool;
    this.signal = signal;
    this.claimBatch = claimBatch;
    this.pollNanos = pollNanos;
  }

  @Override
  public void run() {
    log.debug("Dispatcher started");
    while (!signal.isClosed()) {
      signal.clear();
      int wanted = Math.min(pool.freeSlots(), claimBatch);
      if (wanted > 0 && claim(wanted) == wanted) {
        continue; // a full batch: there is likely more, and maybe more free slots
      }
      signal.await(pollNanos);
    }
    log.debug("Dispatcher stopped");
  }

  /** Claims up to {@code wanted} tasks and hands them off; returns how many it got. */
  private int claim(int wanted) {
    List<ClaimedTask> claimed;
    try {
      claimed = runner.claim(wanted);
    } catch (RuntimeException e) {
      log.error("Claiming tasks failed; trying again at the next poll", e);
      return 0;
    }
    int handed = 0;
    for (ClaimedTask task : claimed) {
      if (handed == wanted) {
        // A runner bug: running it would exceed the pool. Its lease expires and a sweep requeues
        // it.
        log.error(
            "The runner returned more than the {} tasks claimed; not running task {}",
            wanted,
            task.id());
        continue;
      }
      pool.handOff(task);
      handed++;
    }
    return handed;
  }
}
