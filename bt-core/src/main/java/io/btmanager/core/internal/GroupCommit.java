package io.btmanager.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Lets threads that write at the same moment share one store call (and so one commit). A caller
 * queues its item; if no write is in progress it becomes the leader and writes every queued item
 * in one batch, hands each caller its own result, steps down, wakes the next leader and only then
 * the callers it wrote for (so the next write starts while they wake). Callers that queue while a
 * write is in progress wait (parked, not in a lock's queue) and are led by the first of them to
 * find the writer gone: so the next batch gathers while the current one is written, and callers
 * whose results are in never queue behind one another. A lone caller writes at once; nothing waits
 * for a timer. The batch function must return one result per item, in order, or throw for all.
 */
final class GroupCommit<I, O> {
  private final ConcurrentLinkedQueue<Slot<I, O>> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();
  private final Function<List<I>, List<O>> write;
  private final int maxBatch;

  GroupCommit(Function<List<I>, List<O>> write, int maxBatch) {
    this.write = write;
    this.maxBatch = maxBatch;
  }

  /**
   * Writes {@code item} (possibly with others) and returns its result.
   *
   * @throws RuntimeException what the batch write threw, to every caller of that batch
   */
  O submit(I item) {
    Slot<I, O> mine = new Slot<>(item, Thread.currentThread());
    queue.add(mine);
    boolean interrupted = false;
    while (!mine.done) {
      if (writing.tryLock()) {
        List<Slot<I, O>> written = List.of();
        try {
          while (!mine.done) {
            wake(written);
            written = flush();
          }
        } finally {
          writing.unlock();
        }
        wakeNextLeader(); // first: the next write starts while this batch's callers wake
        wake(written);
      } else {
        LockSupport.park(this); // until our result is in, or the writer left and we may lead
        interrupted |= Thread.interrupted(); // an interrupt must not turn the wait into a spin
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.error != null) {
      throw mine.error;
    }
    return mine.result;
  }

  /**
   * Wakes the caller at the head of the queue, if any: its item was queued during our write, and it
   * may be parked waiting for the writer to leave. It leads the next batch (or finds its item done).
   */
  private void wakeNextLeader() {
    Slot<I, O> next = queue.peek();
    if (next != null) {
      LockSupport.unpark(next.caller);
    }
  }

  /** Writes the next batch of queued items; returns its slots, done, for {@link #wake}. */
  private List<Slot<I, O>> flush() {
    List<Slot<I, O>> batch = new ArrayList<>();
    Slot<I, O> s;
    while (batch.size() < maxBatch && (s = queue.poll()) != null) {
      batch.add(s);
    }
    if (batch.isEmpty()) {
      return batch;
    }
    List<I> items = new ArrayList<>(batch.size());
    for (Slot<I, O> b : batch) {
      items.add(b.item);
    }
    try {
      List<O> results = write.apply(items);
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).result = results.get(i);
      }
    } catch (RuntimeException e) {
      for (Slot<I, O> b : batch) {
        b.error = e;
      }
    }
    for (Slot<I, O> b : batch) {
      b.done = true; // publishes result and error
    }
    return batch;
  }

  /** Wakes the callers of written slots (a caller that wakes early finds its slot done). */
  private static <I, O> void wake(List<Slot<I, O>> written) {
    Thread me = Thread.currentThread();
    for (Slot<I, O> b : written) {
      if (b.caller != me) {
        LockSupport.unpark(b.caller);
      }
    }
  }

  private static final class Slot<I, O> {
    final I item;
    final Thread caller;
    O result;
    RuntimeException error;
    volatile boolean done;

    Slot(I item, Thread caller) {
      this.item = item;
      this.caller = caller;
    }
  }
}
