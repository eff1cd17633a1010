package io.btmanager.store.jdbc.internal;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** Runs calls one at a time: on H2, a store's submits take turns, and so do its claims. */
final class OneAtATime {
  private final ReentrantLock lock = new ReentrantLock();

  <T> T run(Supplier<T> call) {
    lock.lock();
    try {
      return call.get();
    } finally {
      lock.unlock();
    }
  }
}
