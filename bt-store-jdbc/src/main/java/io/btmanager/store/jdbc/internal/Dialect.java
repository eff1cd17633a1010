package io.btmanager.store.jdbc.internal;

import org.jdbi.v3.core.Handle;

/** What differs between the databases the JDBC store runs on. Everything else is common SQL. */
public enum Dialect {
  H2("h2") {
    @Override
    public String plusMillis(String timestamp, String millisParam) {
      return "DATEADD(MILLISECOND, :" + millisParam + ", " + timestamp + ")";
    }

    @Override
    void lockForMigration(Handle h) {
      h.execute("SELECT version FROM bt_schema_version FOR UPDATE");
    }

    @Override
    public String claimLock() {
      return "FOR UPDATE"; // H2 serves one process; claims are serialised in it (see TaskWrites)
    }
  },
  POSTGRESQL("postgresql") {
    @Override
    public String plusMillis(String timestamp, String millisParam) {
      return "(" + timestamp + " + :" + millisParam + " * INTERVAL '1 millisecond')";
    }

    @Override
    void lockForMigration(Handle h) {
      h.execute("SELECT pg_advisory_xact_lock(7262811)"); // held until the migration commits
    }

    @Override
    public String claimLock() {
      return "FOR UPDATE SKIP LOCKED";
    }
  };

  private final String folder;

  Dialect(String folder) {
    this.folder = folder;
  }

  /** SQL for {@code timestamp} plus the milliseconds bound to {@code :millisParam}. */
  public abstract String plusMillis(String timestamp, String millisParam);

  /** The row lock a claim's SELECT takes. */
  public abstract String claimLock();

  /** True when concurrent claims in this process must take turns (no SKIP LOCKED worth having). */
  public boolean serialisesClaims() {
    return this == H2;
  }

  /**
   * True when concurrent submits in this process must take turns: without {@code ON CONFLICT},
   * batches sharing keys fail each other on the unique index and, retried, keep failing each other.
   */
  public boolean serialisesSubmits() {
    return this == H2;
  }

  /** Serialises schema migrations between processes starting at once. */
  abstract void lockForMigration(Handle h);

  /** The resource folder of this dialect's schema scripts. */
  String schemaFolder() {
    return "/io/btmanager/store/jdbc/schema/" + folder + "/";
  }

  /** The dialect of a JDBC URL. */
  public static Dialect ofUrl(String url) {
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported JDBC URL '" + url + "'; accepted: jdbc:h2:... or jdbc:postgresql:...");
  }
}
