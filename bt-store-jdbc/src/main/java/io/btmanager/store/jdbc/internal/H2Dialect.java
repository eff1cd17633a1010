package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.ChangeFeed;
import java.time.Instant;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * H2, embedded: one process, no {@code ON CONFLICT} nor a {@code SKIP LOCKED} worth having, so this
 * store's submits and claims take turns in the process; no change feed.
 */
final class H2Dialect extends Dialect {
  H2Dialect() {
    super("H2", "h2", false);
  }

  @Override
  SubmitOrJoin submitOrJoin() {
    return new H2Submits();
  }

  @Override
  Turn turn(Supplier<Instant> clock) {
    return new H2Turn(clock);
  }

  @Override
  public ChangeFeed changeFeed(Jdbi jdbi, DataSource dataSource) {
    return new ChangeFeed() {};
  }
}
