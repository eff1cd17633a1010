package io.btmanager.executor.local;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskRunner;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of worker threads and the slots they fill, so that no more handlers run at once than
 * the pool has threads.
 *
 * <p>A worker runs tasks back to back: when it has run one, it claims the next one itself ({@link
 * TaskRunner#runAndClaimNext}, keeping its slot; on a store that declares {@link
 * io.btmanager.core.spi.StoreCapabilities#batchesCommits()}, the outcome and that
 * claim share one write with the other workers between two tasks) and runs it on the same thread,
 * with no hand-off, no wake-up and no other thread involved. Only when that claim comes back empty (or the pool is stopping) does
 * it free its slot, {@linkplain WakeSignal#wake() wake the dispatcher} (a task submitted while the
 * claim was in flight may have been missed; the dispatcher claims again with the freed slot), and
 * wait for the dispatcher to {@linkplain #handOff hand it} a task. The dispatcher takes a slot per
 * task it hands off, so idle workers are woken only for work found by a local submit or a poll.
 * The hand-off queue is an {@link ArrayBlockingQueue} sized to the pool: it never fills.
 *
 * <p>Thread-safe: {@link #freeSlots()} is for anyone, {@link #handOff} for the dispatcher, the rest
 * for the executor's lifecycle.
 */
final class WorkerPool {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final TaskRunner runner;
  private final WakeSignal dispatcher;
  private final int size;
  private final AtomicInteger free;
  /** Tasks for idle workers; an empty one tells an idle worker to exit (shutdown). */
  private final BlockingQueue<Optional<ClaimedTask>> handOff;

  private final Thread[] workers;
  /** Set at shutdown: workers start nothing more. */
  private volatile boolean stopped;

  WorkerPool(TaskRunner runner, WakeSignal dispatcher, int size, ThreadFactory threads) {
    this.runner = runner;
    this.dispatcher = dispatcher;
    this.size = size;
    this.free = new AtomicInteger(size);
    this.handOff = new ArrayBlockingQueue<>(size);
    this.workers = new Thread[size];
    for (int i = 0; i < size; i++) {
      workers[i] = threads.newThread(this::work);
    }
  }

  void start() {
    for (Thread worker : workers) {
      worker.start();
    }
  }

  /** Slots neither running, claiming, nor waiting to run a task: how many workers are idle. */
  int freeSlots() {
    return free.get();
  }

  /** Takes a slot and gives {@code task} to the next idle worker. Dispatcher thread only. */
  void handOff(ClaimedTask task) {
    free.decrementAndGet();
    if (!handOff.offer(Optional.of(task))) {
      free.incrementAndGet();
      if (stopped) {
        return; // a claim that returned while stopping: the core releases what it claimed
      }
      // Unreachable: the dispatcher claims no more than freeSlots(), and the queue holds size.
      throw new IllegalStateException("hand-off queue full: claimed more than the free slots");
    }
  }

  private void work() {
    while (!stopped) {
      ClaimedTask task;
      try {
        task = handOff.take().orElse(null); // the dispatcher took a slot for it
      } catch (InterruptedException e) {
        continue; // a stray interrupt (a cancel that came late); the loop condition decides
      }
      if (task == null) {
        break; // shutdown: an idle worker exits
      }
      while (task != null) {
        // A cancel's interrupt must not leak into the next task. A shutdown interrupt is not
        // lost: stopped is set before it, and is read after this.
        Thread.interrupted();
        if (stopped) {
          break; // the core released it before the executor was shut down
        }
        task = runAndClaimNext(task);
      }
      release();
    }
  }

  /**
   * Runs {@code task} and claims the next one for the slot this worker holds, in one turn of the
   * runner (which shares the write with the other workers between two tasks); null when there is
   * none or the runner failed.
   */
  private ClaimedTask runAndClaimNext(ClaimedTask task) {
    try {
      return runner.runAndClaimNext(task).orElse(null);
    } catch (RuntimeException e) {
      log.error("Task {} escaped the runner with an exception", task.id(), e);
      return null;
    } finally {
      // A stop that reached the handler's thread just after it returned must not reach the next.
      Thread.interrupted();
    }
  }

  private void release() {
    free.incrementAndGet();
    dispatcher.wake(); // a slot is free, and a submit may have raced with the empty claim
  }

  /**
   * Stops workers from starting tasks: an idle one exits at once, a busy one when its current turn
   * returns. Tasks handed off and not started are dropped: the core released them before it shut
   * the executor down. No worker is interrupted: the core has already interrupted the handlers it
   * released, and an interrupt reaching a worker inside the runner's write of an outcome or a claim
   * (a connection being taken from a pool, say) would lose what that write carries.
   */
  void stopTaking() {
    stopped = true;
    handOff.clear();
    for (int i = 0; i < size; i++) {
      handOff.offer(Optional.empty()); // the queue holds size: every idle worker gets one
    }
  }

  /**
   * Waits up to {@code nanos} for every worker thread to exit.
   *
   * @return the names of the threads still alive
   */
  String awaitExit(long nanos) {
    long deadline = System.nanoTime() + nanos;
    StringBuilder alive = new StringBuilder();
    for (Thread worker : workers) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(worker, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (worker.isAlive()) {
        alive.append(alive.length() == 0 ? "" : ", ").append(worker.getName());
      }
    }
    return alive.toString();
  }
}
