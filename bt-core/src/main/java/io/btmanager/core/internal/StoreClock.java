package io.btmanager.core.internal;

import io.btmanager.core.spi.TaskStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The store's clock as a {@link Clock}: the one clock the core stamps and judges every time by
 * (created, started, finished, due, retry back-off, schedule occurrences), so that it agrees with
 * the lease expiry and due times the store judges, whatever the skew of this JVM's clock.
 */
public final class StoreClock extends Clock {
  private final TaskStore store;

  public StoreClock(TaskStore store) {
    this.store = store;
  }

  @Override
  public Instant instant() {
    return store.now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.fixed(instant(), zone); // not used by the core; a Clock must answer it
  }
}
