package io.btmanager.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Lets threads that write at the same moment share one store call (and so one commit): a caller
 * queues its item and takes the write lock; whoever holds it writes every queued item in one batch
 * and hands each caller its own result, so callers that queued meanwhile find theirs done when they
 * get the lock. A lone caller writes at once; nothing waits for a timer. The batch function must return one result per item, in order, or throw for all.
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
    Slot<I, O> mine = new Slot<>(item);
    queue.add(mine);
    writing.lock(); // whoever holds it writes everything queued; later holders may find theirs done
    try {
      while (!mine.done) {
        flush();
      }
    } finally {
      writing.unlock();
    }
    if (mine.error != null) {
      throw mine.error;
    }
    return mine.result;
  }

  private void flush() {
    List<Slot<I, O>> batch = new ArrayList<>();
    Slot<I, O> s;
    while (batch.size() < maxBatch && (s = queue.poll()) != null) {
      batch.add(s);
    }
    if (batch.isEmpty()) {
      return;
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
      b.done = true;
    }
  }

  private static final class Slot<I, O> {
    final I item;
    O result;
    RuntimeException error;
    volatile boolean done;

    Slot(I item) {
      this.item = item;
    }
  }
}
