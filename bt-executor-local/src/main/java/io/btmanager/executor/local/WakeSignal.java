package io.btmanager.executor.local;

import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the one thread that waits on it (the dispatcher). Wake-ups coalesce: any number of {@link
 * #wake()} calls between two waits cost one unpark at most, and a wake-up is never lost: one that
 * comes between {@link #clear()} and {@link #await(long)} makes the wait return at once.
 *
 * <p>{@link #wake()} is safe from any thread and cheap when a wake-up is already pending (one
 * volatile read). {@link #clear()} and {@link #await(long)} are called by the waiting thread only.
 */
final class WakeSignal {
  private volatile Thread waiter;
  private volatile boolean signalled;
  private volatile boolean parked;
  private volatile boolean closed;

  /** Asks the waiter to look again; returns at once. */
  void wake() {
    if (!signalled) {
      signalled = true;
      // Dekker with await(): we write signalled then read parked; it writes parked then reads
      // signalled. Both are volatile, so at least one of us sees the other's write.
      if (parked) {
        LockSupport.unpark(waiter);
      }
    }
  }

  /** Wakes the waiter for good: every later {@link #await} returns at once. */
  void close() {
    closed = true;
    Thread w = waiter;
    if (w != null) {
      LockSupport.unpark(w);
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Consumes pending wake-ups; whatever happens after this call wakes the next await. */
  void clear() {
    signalled = false;
  }

  /**
   * Waits until woken, closed, or {@code nanos} pass. Spurious returns are allowed: the caller
   * loops anyway.
   */
  void await(long nanos) {
    long deadline = System.nanoTime() + nanos;
    if (waiter == null) {
      waiter = Thread.currentThread(); // written before parked: a waker that sees parked sees it
    }
    parked = true;
    try {
      while (!signalled && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        LockSupport.parkNanos(this, left);
      }
    } finally {
      parked = false;
    }
  }
}
