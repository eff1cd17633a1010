package io.btmanager.examples;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.store.jdbc.JdbcTaskStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the example host keeps its tasks: an embedded H2 file (the default, {@code data/tasks}
 * under the working directory) or a PostgreSQL database. Chosen on the command line:
 *
 * <pre>
 *   (no arguments)                          H2 file data/tasks.mv.db
 *   --h2 &lt;file&gt;                             H2 file &lt;file&gt;.mv.db
 *   --postgres &lt;jdbc-url&gt; &lt;user&gt; [&lt;password&gt;]  PostgreSQL (password default: $PGPASSWORD)
 * </pre>
 *
 * @param kind what kind of store, for the title
 * @param location where it is, for a person (no password)
 * @param opener opens the store; the manager closes it
 */
record Storage(String kind, String location, Supplier<TaskStore> opener) {
  /** The default H2 file, relative to the working directory (the repository root for Maven). */
  static final Path DEFAULT_H2_FILE = Path.of("data", "tasks");

  static final String USAGE = "usage: ExampleHost [--once] [--port <n>] [--h2 <file> |"
      + " --postgres <jdbc-url> <user> [<password>]]  (default: live dashboard on port 8080, --h2 "
      + DEFAULT_H2_FILE + "; the password defaults to $PGPASSWORD)";

  /** An embedded H2 database in {@code file} (H2 adds ".mv.db"). */
  static Storage h2(Path file) {
    return new Storage("H2 file", file + ".mv.db", () -> JdbcTaskStore.h2(file));
  }

  /** A PostgreSQL database, e.g. {@code jdbc:postgresql://localhost:5432/app}. */
  static Storage postgres(String url, String user, String password) {
    String where = (url.contains("?") ? url.substring(0, url.indexOf('?')) : url) + " as " + user;
    return new Storage("PostgreSQL", where, () -> JdbcTaskStore.postgres(url, user, password));
  }

  /**
   * The storage the command line asks for.
   *
   * @throws IllegalArgumentException with the usage when the arguments make no sense
   */
  static Storage fromArgs(String... args) {
    List<String> a = Arrays.asList(args);
    if (a.isEmpty()) {
      return h2(DEFAULT_H2_FILE);
    }
    if (a.get(0).equals("--h2") && a.size() == 2) {
      return h2(Path.of(a.get(1)));
    }
    if (a.get(0).equals("--postgres") && (a.size() == 3 || a.size() == 4)) {
      String password = a.size() == 4 ? a.get(3) : System.getenv("PGPASSWORD");
      if (password == null) {
        throw new IllegalArgumentException(
            "no PostgreSQL password: give it after the user or in" + " $PGPASSWORD; " + USAGE);
      }
      return postgres(a.get(1), a.get(2), password);
    }
    // the arguments are not echoed: one of them may be a password
    throw new IllegalArgumentException(
        "cannot read the " + a.size() + " argument(s) given; " + USAGE);
  }

  TaskStore open() {
    return opener.get();
  }
}
