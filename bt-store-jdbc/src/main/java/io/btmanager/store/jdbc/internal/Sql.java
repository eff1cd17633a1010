package io.btmanager.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The named SQL statements of one class, read from resources next to this package: {@code
 * <runner>.sql} holds the statements every database runs as written, {@code <dialect>/<runner>.sql}
 * the ones whose text differs. In a file, a line {@code -- name: <name>} starts a statement; other
 * lines that start with {@code --} are comments; a statement's lines are joined by single spaces.
 * Each class reads its statements once, into constants or final fields, and a name a class asks for
 * that its files do not hold fails when the class or its instance is made, not when it is run.
 */
final class Sql {
  private static final String NAME = "-- name:";

  /** Ids or keys per IN list (PostgreSQL takes at most 32,767 parameters a statement). */
  private static final int IN_CHUNK = 1_000;

  private final String files;
  private final Map<String, String> statements;

  private Sql(String files, Map<String, String> statements) {
    this.files = files;
    this.statements = statements;
  }

  /** The statements of {@code file}: a path below this package, without {@code .sql}. */
  static Sql of(String file) {
    String text = read(file + ".sql");
    if (text == null) {
      throw new IllegalStateException("SQL resource " + file + ".sql is missing from the jar");
    }
    return new Sql(file, parse(file, text, new HashMap<>()));
  }

  /**
   * The statements {@code runner} runs on {@code dialect}: its shared ones and the dialect's own
   * (either file may be missing, not both; no name may be in both).
   */
  static Sql of(String runner, Dialect dialect) {
    String own = dialect.folder() + "/" + runner;
    String shared = read(runner + ".sql");
    String specific = read(own + ".sql");
    if (shared == null && specific == null) {
      throw new IllegalStateException("SQL resources of " + own + " are missing from the jar");
    }
    Map<String, String> statements = new HashMap<>();
    if (shared != null) {
      parse(runner, shared, statements);
    }
    if (specific != null) {
      parse(own, specific, statements);
    }
    return new Sql(runner + " on " + dialect, statements);
  }

  /** The statement named {@code name}. */
  String get(String name) {
    String statement = statements.get(name);
    if (statement == null) {
      throw new IllegalStateException("no statement '" + name + "' in the SQL of " + files);
    }
    return statement;
  }

  /** Splits a list for IN lists and reads by id. */
  static List<List<String>> chunks(List<String> all) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    }
    return out;
  }

  private static Map<String, String> parse(String file, String text, Map<String, String> into) {
    String name = null;
    StringBuilder statement = new StringBuilder();
    for (String raw : (text + "\n" + NAME + " ").split("\n")) {
      String line = raw.strip();
      if (line.startsWith(NAME)) {
        if (name != null && into.put(name, statement.toString()) != null) {
          throw new IllegalStateException("statement '" + name + "' is named twice in " + file);
        }
        name = line.substring(NAME.length()).strip();
        statement.setLength(0);
      } else if (!line.isEmpty() && !line.startsWith("--")) {
        if (name == null) {
          throw new IllegalStateException("SQL before the first '" + NAME + "' line in " + file);
        }
        statement.append(statement.length() == 0 ? "" : " ").append(line);
      }
    }
    return into;
  }

  /** The text of a resource below this package (or of an absolute path), null when missing. */
  static String read(String resource) {
    try (InputStream in = Sql.class.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
