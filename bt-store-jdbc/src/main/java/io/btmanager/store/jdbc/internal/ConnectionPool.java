package io.btmanager.store.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The HikariCP pool a store opens on a JDBC URL. */
public final class ConnectionPool {
  private ConnectionPool() {}

  /**
   * A pool of up to {@code size} connections; a database that is down at start is retried later,
   * and a connection waited for longer than 5 seconds fails the call.
   */
  public static HikariDataSource open(String url, String user, String password, int size) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(size);
    c.setPoolName("bt-store");
    c.setConnectionTimeout(5_000);
    c.setInitializationFailTimeout(-1);
    return new HikariDataSource(c);
  }
}
