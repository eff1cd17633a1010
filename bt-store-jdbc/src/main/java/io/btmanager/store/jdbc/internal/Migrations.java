package io.btmanager.store.jdbc.internal;

import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned DDL of a dialect on start, under a lock, recording each version in {@code
 * bt_schema_version}. A store created by an older version is migrated forward. Its own statements
 * are in {@code Migrations.sql}, the dialect's lock in {@code <dialect>/Migrations.sql}.
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
    Sql sql = Sql.of("Migrations", dialect);
    jdbi.useHandle(h -> h.execute(sql.get("create-version-table")));
    return jdbi.inTransaction(h -> {
      h.execute(sql.get("lock"));
      int current =
          h.createQuery(sql.get("current-version")).mapTo(Integer.class).one();
      for (int v = current + 1; v <= target; v++) {
        String script = SCRIPTS.get(v - 1);
        for (String statement : statements(read(dialect.schemaFolder() + script))) {
          h.execute(statement);
        }
        h.createUpdate(sql.get("record-version")).bind("v", v).bind("s", script).execute();
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
    String text = Sql.read(resource);
    if (text == null) {
      throw new IllegalStateException("schema script " + resource + " is missing from the jar");
    }
    return text;
  }
}
