package io.btmanager.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to, so tests never sleep for time. Thread-safe. Give the same
 * instance to {@code TaskManager.builder().clock(...)} and, for a store built by hand, to the
 * store.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code start}, in UTC. */
  public static ManualClock at(Instant start) {
    return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start)), ZoneOffset.UTC);
  }

  /** A clock standing at 2030-01-01T00:00:00Z. */
  public static ManualClock standard() {
    return at(Instant.parse("2030-01-01T00:00:00Z"));
  }

  /** Moves the clock forward by {@code d} and returns the new time. */
  public Instant advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a ManualClock only moves forward; was given " + d);
    }
    return now.updateAndGet(t -> t.plus(d));
  }

  /** Sets the clock to {@code t} (which may be earlier, to simulate a skewed node). */
  public void set(Instant t) {
    now.set(Objects.requireNonNull(t));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId z) {
    return new ManualClock(now, z);
  }
}
