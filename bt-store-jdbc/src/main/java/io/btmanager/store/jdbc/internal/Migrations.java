package io.btmanager.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned DDL of a dialect on start, under a lock, recording each version in {@code
 * bt_schema_version}. A store created by an older version is migrated forward.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** Every migration, in order; its number is its version. */
  static final List<String> SCRIPTS = List.of(
      "V001__tasks.sql",
      "V002__fewer_writes.sql",
      "V003__byte_order_keys.sql",
      "V004__queue_count.sql");

  private Migrations() {}

  /** Brings the schema to the latest version; returns the version it found. */
  public static int apply(Jdbi jdbi, Dialect dialect) {
    return apply(jdbi, dialect, SCRIPTS.size());
  }

  /** Brings the schema up to {@code target} (tests migrate from older versions). */
  public static int apply(Jdbi jdbi, Dialect dialect, int target) {
    jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS bt_schema_version ("
        + " version INT PRIMARY KEY, script VARCHAR(200) NOT NULL,"
        + " applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL)"));
    return jdbi.inTransaction(h -> {
      dialect.lockForMigration(h);
      int current = h.createQuery("SELECT COALESCE(MAX(version), 0) FROM bt_schema_version")
          .mapTo(Integer.class)
          .one();
      for (int v = current + 1; v <= target; v++) {
        String script = SCRIPTS.get(v - 1);
        for (String statement : statements(read(dialect.schemaFolder() + script))) {
          h.execute(statement);
        }
        h.createUpdate("INSERT INTO bt_schema_version (version, script) VALUES (:v, :s)")
            .bind("v", v)
            .bind("s", script)
            .execute();
        LOG.info("applied schema {} ({}) for {}", v, script, dialect);
      }
      return current;
    });
  }

  static List<String> statements(String sql) {
    StringBuilder clean = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.strip().startsWith("--")) {
        clean.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(clean.toString().split(";\\s*\n"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s)
        .toList();
  }

  private static String read(String resource) {
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema script " + resource + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
