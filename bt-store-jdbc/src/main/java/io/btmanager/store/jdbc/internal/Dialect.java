package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.ChangeFeed;
import io.btmanager.core.spi.StoreCapabilities;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * What differs between the databases the JDBC store runs on, one strategy per database: how a batch
 * is submitted-or-joined, how a worker's turn writes outcomes and claims, whether the database is
 * shared by many nodes and carries a change feed. Statements whose text differs are in the
 * dialect's resource folder ({@link Sql#of(String, Dialect)}); everything else is common SQL.
 */
public abstract sealed class Dialect permits H2Dialect, PostgresDialect {
  public static final Dialect H2 = new H2Dialect();
  public static final Dialect POSTGRESQL = new PostgresDialect();

  private final String name;
  private final String folder;
  private final boolean shared;

  /**
   * @param shared whether many processes may share the database, each claim skipping the rows
   *     others lock, with changes carried between them by {@link #changeFeed}
   */
  Dialect(String name, String folder, boolean shared) {
    this.name = name;
    this.folder = folder;
    this.shared = shared;
  }

  /**
   * What a store on this database can do: shared across nodes with a change feed where the database
   * is shared; every store batches commits and filters queries.
   */
  public final StoreCapabilities capabilities(boolean survivesRestart) {
    return StoreCapabilities.builder()
        .survivesRestart(survivesRestart)
        .sharedAcrossNodes(shared)
        .batchesCommits(true)
        .changeFeed(shared)
        .filtersQueries(true)
        .build();
  }

  /** Submit-or-join for one store on this database. */
  abstract SubmitOrJoin submitOrJoin();

  /** A worker's turn (outcomes, then claims) for one store on this database. */
  abstract Turn turn(Supplier<Instant> clock);

  /** The change feed of a store on this database; one that sends and delivers nothing if none. */
  public abstract ChangeFeed changeFeed(Jdbi jdbi, DataSource dataSource);

  /** The resource folder of this dialect's statements, below this package and below schema/. */
  String folder() {
    return folder;
  }

  /** The resource folder of this dialect's schema scripts. */
  String schemaFolder() {
    return "/io/btmanager/store/jdbc/schema/" + folder + "/";
  }

  /** The database's name: {@code H2} or {@code POSTGRESQL}. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return name;
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

  /** The dialect a host names for its DataSource ({@code h2}, {@code postgresql}), or null. */
  public static Dialect ofName(String name) {
    return switch (String.valueOf(name).toLowerCase(Locale.ROOT)) {
      case "h2" -> H2;
      case "postgresql", "postgres" -> POSTGRESQL;
      default -> null;
    };
  }
}
