package io.btmanager.executor.quartz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;

/** Quartz schedulers as a host builds them, for the tests: in memory, or on PostgreSQL. */
final class HostSchedulers {
  private HostSchedulers() {}

  /** A started in-memory scheduler with a pool of {@code threads} named {@code name_Worker-n}. */
  static Scheduler inMemory(String name, int threads) throws SchedulerException {
    Properties p = base(name, threads);
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    Scheduler s = new StdSchedulerFactory(p).getScheduler();
    s.start();
    return s;
  }

  /**
   * A scheduler on Quartz's JDBC job store in the PostgreSQL database at {@code url} (its tables
   * created if missing), clustered or not; not started.
   */
  static Scheduler onPostgres(
      String name, String url, String user, String password, boolean clustered)
      throws SchedulerException {
    createTables(url, user, password);
    Properties p = base(name, 4);
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", "db");
    p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(clustered));
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.dataSource.db.connectionProvider.class", Connections.class.getName());
    p.setProperty("org.quartz.dataSource.db.url", url);
    p.setProperty("org.quartz.dataSource.db.user", user);
    p.setProperty("org.quartz.dataSource.db.password", password);
    return new StdSchedulerFactory(p).getScheduler();
  }

  private static Properties base(String name, int threads) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", name + "-" + UUID.randomUUID());
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", name + "_Worker");
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    return p;
  }

  /** Runs Quartz's own PostgreSQL DDL (from its jar) unless its tables exist. */
  static void createTables(String url, String user, String password) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      if (c.getMetaData().getTables(null, null, "qrtz_locks", null).next()) {
        return;
      }
      try (InputStream in = Scheduler.class.getResourceAsStream(
          "/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
        String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        s.execute(ddl.replaceAll("(?m)^--.*$", "").replace("commit;", ""));
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("could not create Quartz's tables", e);
    }
  }

  /** Quartz's connections, one per call, from the JDBC driver (c3p0 and HikariCP are excluded). */
  public static final class Connections implements ConnectionProvider {
    private String url;
    private String user;
    private String password;

    public void setUrl(String url) {
      this.url = url;
    }

    public void setUser(String user) {
      this.user = user;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
