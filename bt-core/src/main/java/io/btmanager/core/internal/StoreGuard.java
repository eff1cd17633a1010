package io.btmanager.core.internal;

import io.btmanager.core.exception.StoreUnavailableException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of rule 11: while the store is down, background work backs off exponentially
 * (100 ms doubling to 30 s) instead of hammering it, and resumes by itself when a call succeeds.
 * The engine never shuts down for an outage.
 */
final class StoreGuard {
  private static final Logger LOG = LoggerFactory.getLogger(StoreGuard.class);
  private static final long MIN_NANOS = 100_000_000L;
  private static final long MAX_NANOS = 30_000_000_000L;

  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong retryAt = new AtomicLong();

  /** True when background work may call the store now. */
  boolean ready() {
    return failures.get() == 0 || System.nanoTime() - retryAt.get() >= 0;
  }

  void succeeded() {
    if (failures.get() != 0 && failures.getAndSet(0) != 0) {
      LOG.info("the task store is reachable again; resuming");
    }
  }

  void failed(StoreUnavailableException e) {
    int n = failures.incrementAndGet();
    long delay = Math.min(MAX_NANOS, MIN_NANOS << Math.min(n - 1, 20));
    retryAt.set(System.nanoTime() + delay);
    if (n == 1) {
      LOG.warn("the task store is unavailable; backing off and retrying: {}", e.getMessage());
    } else {
      LOG.debug(
          "the task store is still unavailable (failure {}), next try in {} ms",
          n,
          delay / 1_000_000);
    }
  }

  boolean down() {
    return failures.get() > 0;
  }
}
