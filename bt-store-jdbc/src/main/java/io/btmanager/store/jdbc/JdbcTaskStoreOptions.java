package io.btmanager.store.jdbc;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.store.jdbc.internal.Dialect;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * The settings of a {@link JdbcTaskStore.Builder}, each validated when it is set: the builder's
 * setters, kept apart from the store so that the store's class holds the store.
 *
 * @param <B> the builder, which each setter returns
 */
abstract class JdbcTaskStoreOptions<B extends JdbcTaskStoreOptions<B>> {
  String url;
  String user;
  String password;
  int poolSize = 10;
  DataSource dataSource;
  Dialect dialect;
  boolean applySchema = true;
  Clock clock;

  /** This builder. */
  abstract B self();

  /** A JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql:...}; the store pools it. */
  public B url(String url) {
    if (url == null || !(url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"))) {
      throw new InvalidInputException(
          "url", "is '" + url + "'", "jdbc:h2:... or jdbc:postgresql:...");
    }
    this.url = url;
    return self();
  }

  /** The database user of a URL; default none. */
  public B user(String user) {
    this.user = user;
    return self();
  }

  /** The database password of a URL; default none. */
  public B password(String password) {
    this.password = password;
    return self();
  }

  /** The most pooled connections; default 10. */
  public B poolSize(int size) {
    if (size < 1 || size > 1_000) {
      throw new InvalidInputException("poolSize", "is " + size, "1 to 1000");
    }
    this.poolSize = size;
    return self();
  }

  /**
   * The host's own DataSource (pooled by the host) in place of a URL; {@code dialectName} says
   * which database: {@code h2} or {@code postgresql}.
   */
  public B dataSource(DataSource dataSource, String dialectName) {
    if (dataSource == null) {
      throw new InvalidInputException(
          "dataSource", "is null", "the host's DataSource, or url(...) in its place");
    }
    this.dialect = Dialect.ofName(dialectName);
    if (dialect == null) {
      throw new InvalidInputException("dialect", "is '" + dialectName + "'", "h2 or postgresql");
    }
    this.dataSource = dataSource;
    return self();
  }

  /**
   * Whether the store creates or migrates its tables on start (default true). Turn it off when
   * the host applies the DDL itself from {@code io/btmanager/store/jdbc/schema/<dialect>/} in
   * this jar, recording versions in {@code bt_schema_version}.
   */
  public B applySchema(boolean apply) {
    this.applySchema = apply;
    return self();
  }

  /**
   * For tests: a clock that replaces the database's as the store's clock ({@link JdbcTaskStore#now()}): every
   * time the store and the managers on it write or judge (started, finished, due, retry back-off,
   * lease expiry, queue positions) is read from it, so a test moves time instead of waiting.
   * Every node sharing the database must be given the same clock. Default: the database's.
   */
  public B clock(Clock clock) {
    if (clock == null) {
      throw new InvalidInputException("clock", "is null", "a java.time.Clock");
    }
    this.clock = clock;
    return self();
  }
}
