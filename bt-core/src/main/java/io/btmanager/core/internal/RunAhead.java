package io.btmanager.core.internal;

import io.btmanager.core.spi.StoredTask;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run-ahead for short tasks, on a store that declares {@link
 * io.btmanager.core.spi.StoreCapabilities#batchesCommits()} only: a worker whose task ran short claims
 * {@value #RUN_AHEAD} at its turn, runs those it can back to back, and writes all their outcomes at
 * its next turn. A thread woken per task (parked until its turn's commit, then woken) was about
 * half of the JVM's CPU per no-op task on PostgreSQL; run ahead four at a time, the end-to-end
 * throughput rose by about 60 % (bt-benchmarks/README.md).
 *
 * <p>The tasks claimed ahead form a chain that follows the task handed back to the executor, not a
 * thread: the executor's next {@code runAndClaimNext} of that task picks the chain up on whatever
 * thread it runs. A chain's tasks are held by {@link Claims} like any claimed task (leases kept,
 * released at shutdown), so a worker holds at most {@value #RUN_AHEAD} claimed tasks, the one it
 * runs included. Thread-safe.
 */
final class RunAhead {

  /** Tasks a worker claims at its turn when the task it has just run was short. */
  static final int RUN_AHEAD = 4;

  /**
   * What counts as short: a task whose run took at most this, and a type whose average run time is
   * at most this. Only short tasks are run ahead, so a task claimed ahead waits a few milliseconds
   * at most before it starts, and the outcomes written later wait as long.
   */
  static final Duration SHORT = Duration.ofMillis(1);

  private final DurationStats stats;
  /** The chains waiting for their head (the task handed back) to come back, by head id. */
  private final ConcurrentHashMap<String, Chain> waiting = new ConcurrentHashMap<>();

  RunAhead(DurationStats stats) {
    this.stats = stats;
  }

  static boolean isShort(Duration took) {
    return took.compareTo(SHORT) <= 0;
  }

  /** How many tasks a turn claims: {@value #RUN_AHEAD} after a short task, else one. */
  static int claims(boolean lastShort) {
    return lastShort ? RUN_AHEAD : 1;
  }

  /** The chain claimed with task {@code headId}, taken to run on; empty when it has none. */
  Chain chainOf(String headId) {
    Chain c = waiting.remove(headId);
    return c == null ? new Chain() : c;
  }

  /** The tasks claimed ahead with {@code headId}, no longer to be run with it. */
  List<StoredTask> detach(String headId) {
    Chain c = waiting.remove(headId);
    return c == null ? List.of() : List.copyOf(c.queue);
  }

  /** The tasks claimed ahead for one worker, in claim order. Used by one thread at a time. */
  final class Chain {
    private final ArrayDeque<StoredTask> queue = new ArrayDeque<>();

    boolean isEmpty() {
      return queue.isEmpty();
    }

    /** The next task to run in the same turn, if it is known to run short. */
    StoredTask nextShort() {
      StoredTask t = queue.peek();
      if (t == null || !typeIsShort(t.type())) {
        return null;
      }
      return queue.poll();
    }

    /**
     * The task to hand back to the executor: the chain's next (which may be long: it runs after
     * the outcomes before it are written), else the first of {@code claimed}, the rest of which
     * join the chain. The chain waits for that task to come back.
     */
    Optional<StoredTask> handBack(List<StoredTask> claimed) {
      queue.addAll(claimed);
      StoredTask head = queue.poll();
      if (head != null && !queue.isEmpty()) {
        waiting.put(head.id(), this);
      }
      return Optional.ofNullable(head);
    }
  }

  /** Whether tasks of the type ran short so far (unknown types are not). */
  private boolean typeIsShort(String type) {
    Duration average = stats.average(type);
    return average != null && average.compareTo(SHORT) <= 0;
  }
}
