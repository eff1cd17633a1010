package io.btmanager.store.jdbc.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's clock: the database's, read without a round trip per call. The database's time is
 * read now and then (every {@link #RESYNC}) and carried forward in between by the JVM's monotonic
 * {@link System#nanoTime()}, so a JVM whose wall clock is off, or jumps, shifts nothing. A clock
 * given for tests replaces the database's altogether.
 */
public final class DatabaseClock {
  private static final String NOW = Sql.of("DatabaseClock").get("now");
  static final Duration RESYNC = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Jdbi jdbi;
  private final Clock fixed;
  private volatile Sample sample;
  private final AtomicLong lastAttempt = new AtomicLong(System.nanoTime() - RETRY.toNanos() - 1);

  /**
   * @param fixed a clock that replaces the database's (tests), or null for the database's
   */
  public DatabaseClock(Jdbi jdbi, Clock fixed) {
    this.jdbi = jdbi;
    this.fixed = fixed;
  }

  /**
   * The store's now. One caller at a time reads the database's time again, at most once a second
   * while a reading is overdue; while the database cannot be read the last reading is carried
   * forward, and before the first one the JVM's clock stands in.
   */
  public Instant now() {
    if (fixed != null) {
      return fixed.instant();
    }
    long nanos = System.nanoTime();
    Sample s = sample;
    long last = lastAttempt.get();
    boolean due = s == null || nanos - s.nanos() > RESYNC.toNanos();
    if (due && nanos - last > RETRY.toNanos() && lastAttempt.compareAndSet(last, nanos)) {
      try {
        s = read();
      } catch (RuntimeException e) {
        // keep the last reading (or the JVM's clock) until the database answers again
      }
    }
    if (s == null) {
      return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
    return s.database().plusNanos(System.nanoTime() - s.nanos()).truncatedTo(ChronoUnit.MICROS);
  }

  private Sample read() {
    Sample s = Guard.call(
        "read its clock",
        () -> jdbi.withHandle(h -> {
          long before = System.nanoTime();
          Instant db = h.createQuery(NOW).mapTo(OffsetDateTime.class).one().toInstant();
          long after = System.nanoTime();
          return new Sample(db, before + (after - before) / 2);
        }));
    sample = s;
    return s;
  }

  private record Sample(Instant database, long nanos) {}
}
