package io.btmanager.executor.quartz.internal;

import io.btmanager.core.spi.ClaimedTask;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The executor's slots: at most {@code size} tasks claimed and unfinished. A slot is taken when the
 * claim cadence claims a task and hands it off to a Quartz worker, and freed when the worker that
 * ran it (and the tasks it claimed after it, back to back) finds no next one. Thread-safe.
 */
final class Slots {
  private final int size;
  private int free;
  private final Queue<ClaimedTask> handedOff = new ConcurrentLinkedQueue<>();

  Slots(int size) {
    this.size = size;
    this.free = size;
  }

  synchronized int free() {
    return free;
  }

  /** Takes a slot for {@code task}, which the next {@link RunJob} to fire picks up. */
  synchronized void handOff(ClaimedTask task) {
    free--;
    handedOff.add(task);
  }

  /** The task handed off longest ago, or null. */
  ClaimedTask next() {
    return handedOff.poll();
  }

  /** Takes back a handed-off task no worker has picked up; false when one has. */
  boolean withdraw(ClaimedTask task) {
    return handedOff.remove(task);
  }

  /** Frees a worker's slot; an interrupt meant for its task is not left on the Quartz thread. */
  synchronized void release() {
    Thread.interrupted();
    free++;
    notifyAll();
  }

  /** Frees the slots of handed-off tasks no worker will pick up; returns them. */
  synchronized int dropWaiting() {
    int dropped = 0;
    while (handedOff.poll() != null) {
      dropped++;
      free++;
    }
    notifyAll();
    return dropped;
  }

  /** Waits until every slot is free or {@code nanos} pass; true when all are free. */
  synchronized boolean awaitIdle(long nanos) {
    long deadline = System.nanoTime() + nanos;
    try {
      while (free < size) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return free == size;
    }
  }
}
