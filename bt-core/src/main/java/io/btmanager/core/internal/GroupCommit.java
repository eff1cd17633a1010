package io.btmanager.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Lets threads that write at the same moment share one store call (and so one commit). A caller
 * queues its item; if it may lead a write it writes every queued item (up to the batch limit) in
 * one batch, hands each caller its own result, steps down, wakes the next leader and only then the
 * callers it wrote for (so the next write starts while they wake). Callers that queue while a write
 * is in progress wait (parked, not in a lock's queue) and are led by the first of them to find a
 * writer gone: so the next batch gathers while the current one is written, and callers whose
 * results are in never queue behind one another. A lone caller writes at once; nothing waits for a
 * timer. The batch function must return one result per item, in order, or throw for all: what it
 * throws, an {@link Error} included, reaches every caller of that batch, and the callers queued
 * behind it are still written.
 *
 * <p>Up to {@code writers} writes may be in progress at once, each with its own batch: the first
 * starts whenever an item waits, each further one only once {@code fullBatch} items wait, so that a
 * second write overlaps a first one's round trip and commit instead of splitting small batches in
 * two. The batch function must therefore be safe to run concurrently with itself.
 */
final class GroupCommit<I, O> {
  private final ConcurrentLinkedQueue<Slot<I, O>> queue = new ConcurrentLinkedQueue<>();
  /** Items queued and not yet taken into a batch. */
  private final AtomicInteger waiting = new AtomicInteger();
  /** Writes in progress. */
  private final AtomicInteger writing = new AtomicInteger();

  private final Function<List<I>, List<O>> write;
  private final int maxBatch;
  private final int writers;
  private final int fullBatch;

  /** One write at a time. */
  GroupCommit(Function<List<I>, List<O>> write, int maxBatch) {
    this(write, maxBatch, 1, maxBatch);
  }

  /**
   * @param maxBatch the most items one write takes
   * @param writers the most writes in progress at once
   * @param fullBatch the items that must wait before a write starts beside another one
   */
  GroupCommit(Function<List<I>, List<O>> write, int maxBatch, int writers, int fullBatch) {
    if (maxBatch < 1 || writers < 1 || fullBatch < 1) {
      throw new IllegalArgumentException("maxBatch, writers and fullBatch must be positive");
    }
    this.write = write;
    this.maxBatch = maxBatch;
    this.writers = writers;
    this.fullBatch = fullBatch;
  }

  /**
   * Writes {@code item} (possibly with others) and returns its result.
   *
   * @throws RuntimeException what the batch write threw, to every caller of that batch
   * @throws Error likewise
   */
  O submit(I item) {
    Slot<I, O> mine = new Slot<>(item, Thread.currentThread());
    queue.add(mine);
    waiting.incrementAndGet();
    boolean interrupted = false;
    while (!mine.done) {
      if (startWriting()) {
        List<Slot<I, O>> written = List.of();
        try {
          do {
            wake(written);
            written = flush();
          } while (!mine.done && !written.isEmpty()); // empty: ours is in another write
        } finally {
          writing.decrementAndGet();
        }
        wakeNextLeader(); // first: the next write starts while this batch's callers wake
        wake(written);
      }
      if (!mine.done) {
        LockSupport.park(this); // until our result is in, or a writer left and we may lead
        interrupted |= Thread.interrupted(); // an interrupt must not turn the wait into a spin
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.error instanceof RuntimeException e) {
      throw e;
    }
    if (mine.error instanceof Error e) {
      throw e;
    }
    return mine.result;
  }

  /** Items queued and not yet in a write (for tests). */
  int waiting() {
    return waiting.get();
  }

  /** Takes a writer's place if one is free: the first always, a further one for a full batch. */
  private boolean startWriting() {
    while (true) {
      int now = writing.get();
      if (now >= writers || (now > 0 && waiting.get() < fullBatch)) {
        return false;
      }
      if (writing.compareAndSet(now, now + 1)) {
        return true;
      }
    }
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
    waiting.addAndGet(-batch.size());
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
    } catch (RuntimeException | Error e) { // an Error too: its callers must not park for ever
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
    Throwable error; // a RuntimeException or an Error
    volatile boolean done;

    Slot(I item, Thread caller) {
      this.item = item;
      this.caller = caller;
    }
  }
}
