package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.ChangeFeed;
import io.btmanager.core.spi.TaskChange;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * PostgreSQL, shared by many nodes: submits with {@code ON CONFLICT} and whole arrays, a worker's
 * turn in one round trip with {@code SKIP LOCKED}, and a change feed over LISTEN/NOTIFY.
 */
final class PostgresDialect extends Dialect {
  PostgresDialect() {
    super("POSTGRESQL", "postgresql", true);
  }

  @Override
  SubmitOrJoin submitOrJoin() {
    return new PostgresSubmits();
  }

  @Override
  Turn turn(Supplier<Instant> clock) {
    return new PostgresTurn(clock);
  }

  @Override
  public ChangeFeed changeFeed(Jdbi jdbi, DataSource dataSource) {
    return new ChangeFeed() {
      @Override
      public void announce(List<TaskChange> changes) {
        PgChangeFeed.announce(jdbi, changes);
      }

      @Override
      public AutoCloseable listen(String node, Consumer<TaskChange> listener) {
        return PgChangeFeed.listen(dataSource, node, listener);
      }
    };
  }
}
