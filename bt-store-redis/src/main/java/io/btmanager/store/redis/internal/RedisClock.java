package io.btmanager.store.redis.internal;

import io.btmanager.core.exception.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's clock: Redis's ({@code TIME}) read without a round trip per call: the server's time is measured
 * every {@value #RESYNC_SECONDS} seconds (taken at the middle of the round trip) and carried
 * forward by this JVM's monotonic {@link System#nanoTime()}, so the JVM's wall clock, however
 * skewed, plays no part. Never goes backwards. While Redis cannot be reached the last measurement
 * is carried on; before the first one, {@link StoreUnavailableException}. A test clock given to the
 * store replaces Redis's here as in every script.
 */
final class RedisClock {
  static final int RESYNC_SECONDS = 5;
  private static final long RESYNC_NANOS = Duration.ofSeconds(RESYNC_SECONDS).toNanos();

  private final Redis redis;
  private final Clock testClock;
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
  private volatile Sync sync;

  private record Sync(long serverMicros, long nanoTime) {}

  RedisClock(Redis redis, Clock testClock) {
    this.redis = redis;
    this.testClock = testClock;
  }

  public Instant now() {
    if (testClock != null) {
      return testClock.instant();
    }
    Sync s = sync;
    if (s == null || System.nanoTime() - s.nanoTime > RESYNC_NANOS) {
      s = resync(s);
    }
    long micros = s.serverMicros + (System.nanoTime() - s.nanoTime) / 1_000;
    long at = last.accumulateAndGet(micros, Math::max);
    return Instant.ofEpochSecond(
        Math.floorDiv(at, 1_000_000L), Math.floorMod(at, 1_000_000L) * 1_000L);
  }

  private synchronized Sync resync(Sync seen) {
    if (sync != seen) {
      return sync; // another thread measured meanwhile
    }
    try {
      long before = System.nanoTime();
      List<String> time = redis.call("read the time", c -> c.time());
      long after = System.nanoTime();
      long micros = Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1));
      sync = new Sync(micros, before + (after - before) / 2);
    } catch (StoreUnavailableException e) {
      if (seen == null) {
        throw e;
      }
      sync = new Sync(
          seen.serverMicros + (System.nanoTime() - seen.nanoTime) / 1_000, System.nanoTime());
    }
    return sync;
  }
}
