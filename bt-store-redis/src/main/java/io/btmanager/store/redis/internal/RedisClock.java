package io.btmanager.store.redis.internal;

import io.btmanager.core.exception.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's clock outside scripts ({@link io.btmanager.core.spi.TaskStore#now}, which the core
 * uses to stamp finish times and compute retry and schedule due times): Redis's ({@code TIME}) read
 * without a round trip per call. Scripts never use it: they read {@code TIME} themselves. The
 * server's time is measured every {@value #RESYNC_SECONDS} seconds (the answer of the shortest of
 * a few round trips, anchored at its arrival: a lower bound, so that what a script stamps after a
 * call to now() is never before it) and carried forward by this JVM's monotonic {@link System#nanoTime()}, so the JVM's wall clock, however
 * skewed, plays no part. Never goes backwards. While Redis cannot be reached the last measurement
 * is carried on; before the first one, {@link StoreUnavailableException}. A test clock given to the
 * store replaces Redis's here as in every script.
 */
final class RedisClock {
  static final int RESYNC_SECONDS = 5;
  private static final int SAMPLES = 3;
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

  /**
   * What scripts get as their clock argument: empty (the script reads {@code TIME} itself), or the
   * test clock's now in microseconds.
   */
  String scriptClock() {
    return testClock == null ? "" : Codec.micros(testClock.instant());
  }

  /**
   * A time a script stamped by {@code TIME} (a claim's start): now() goes on from it at least, so
   * what a caller reads after a claim is never before the claim's stamp.
   */
  void observe(Instant stamped) {
    if (testClock == null && stamped != null) {
      last.accumulateAndGet(Long.parseLong(Codec.micros(stamped)), Math::max);
    }
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
      // the best of a few round trips: the server's answer, anchored at its arrival, is a lower
      // bound of the server's time then; the shortest round trip makes it the tightest one. So the
      // store's now() is never ahead of the TIME a script reads after it, and trails it by a
      // reply's delay at most.
      long bestRoundTrip = Long.MAX_VALUE;
      Sync best = null;
      for (int i = 0; i < SAMPLES; i++) {
        long before = System.nanoTime();
        List<String> time = redis.call("read the time", c -> c.time());
        long after = System.nanoTime();
        if (after - before < bestRoundTrip) {
          bestRoundTrip = after - before;
          best = new Sync(
              Long.parseLong(time.get(0)) * 1_000_000L + Long.parseLong(time.get(1)), after);
        }
      }
      sync = best;
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
