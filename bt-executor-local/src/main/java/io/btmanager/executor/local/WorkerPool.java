package io.btmanager.executor.local;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskRunner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of worker threads and the slots they fill. A slot is taken when the dispatcher
 * {@linkplain #handOff hands off} a claimed task and freed when a worker has run it, so claimed but
 * unfinished tasks never exceed the pool size. The hand-off queue is an {@link ArrayBlockingQueue}
 * sized to the pool: it never fills and allocates nothing per task.
 *
 * <p>Thread-safe: {@link #freeSlots()} and {@link #handOff} are for the dispatcher, the rest for
 * the executor's lifecycle.
 */
final class WorkerPool {
  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final TaskRunner runner;
  private final WakeSignal dispatcher;
  private final int size;
  private final AtomicInteger free;
  private final BlockingQueue<ClaimedTask> handOff;
  private final Thread[] workers;
  private final ReentrantLock idleLock = new ReentrantLock();
  private final Condition idle = idleLock.newCondition();
  private volatile boolean draining;
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

  /** Slots neither running nor waiting to run a task. */
  int freeSlots() {
    return free.get();
  }

  /** Takes a slot and gives {@code task} to the next idle worker. Dispatcher thread only. */
  void handOff(ClaimedTask task) {
    free.decrementAndGet();
    if (!handOff.offer(task)) {
      // Unreachable: the dispatcher claims no more than freeSlots(), and the queue holds size.
      free.incrementAndGet();
      throw new IllegalStateException("hand-off queue full: claimed more than the free slots");
    }
  }

  private void work() {
    while (!stopped) {
      ClaimedTask task;
      try {
        task = handOff.take();
      } catch (InterruptedException e) {
        continue; // shutdown interrupts idle workers; the loop condition decides
      }
      try {
        runner.run(task);
      } catch (RuntimeException e) {
        log.error("Task {} escaped the runner with an exception", task.id(), e);
      } finally {
        // A cancel interrupts the handler; do not let it leak into the next take(). A shutdown
        // interrupt is not lost: stopped is set before it.
        Thread.interrupted();
        release();
      }
    }
  }

  private void release() {
    int nowFree = free.incrementAndGet();
    dispatcher.wake(); // a slot is free, and there may be more work
    if (draining && nowFree == size) {
      idleLock.lock();
      try {
        idle.signalAll();
      } finally {
        idleLock.unlock();
      }
    }
  }

  /**
   * Waits until no task is running or waiting to run, or {@code nanos} pass.
   *
   * @return true when idle
   */
  boolean awaitIdle(long nanos) {
    draining = true;
    idleLock.lock();
    try {
      long left = nanos;
      while (free.get() < size) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return free.get() == size;
    } finally {
      idleLock.unlock();
    }
  }

  /**
   * Stops workers from taking tasks: each exits when its current task returns. Tasks handed off but
   * not started are dropped (the caller releases their leases).
   */
  void stopTaking() {
    stopped = true;
    int dropped = handOff.size();
    handOff.clear();
    if (dropped > 0) {
      log.info("{} claimed tasks had not started; they go back to the queue", dropped);
    }
  }

  /** Interrupts every worker: idle ones exit at once, busy ones see their handler interrupted. */
  void interruptAll() {
    for (Thread worker : workers) {
      worker.interrupt();
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
