package io.btmanager.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The named statements of the JDBC store: how a file is read, how a dialect's own statements join
 * the shared ones, and that every class finds every statement it asks for on every dialect (a
 * misspelt name fails here, without a database, not in the middle of a claim).
 */
class SqlTest {

  @Test
  void aStatementIsItsLinesJoinedBySpacesWithoutComments() {
    Sql sql = Sql.of("SqlTestFixture");

    assertThat(sql.get("two-lines")).isEqualTo("SELECT 1 FROM x WHERE y = :y");
    assertThat(sql.get("shared")).isEqualTo("SELECT 2");
  }

  @Test
  void aDialectsOwnStatementsJoinTheSharedOnes() {
    Sql h2 = Sql.of("SqlTestFixture", Dialect.H2);
    Sql postgres = Sql.of("SqlTestFixture", Dialect.POSTGRESQL);

    assertThat(h2.get("differs")).isEqualTo("SELECT 'h2'");
    assertThat(postgres.get("differs")).isEqualTo("SELECT 'postgresql'");
    assertThat(h2.get("shared")).isEqualTo(postgres.get("shared")).isEqualTo("SELECT 2");
  }

  @Test
  void aNameThatIsNotThereFailsNamingItAndTheFile() {
    Sql sql = Sql.of("SqlTestFixture");

    assertThatThrownBy(() -> sql.get("nope"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("SqlTestFixture");
    assertThatThrownBy(() -> Sql.of("NoSuchRunner"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NoSuchRunner.sql");
    assertThatThrownBy(() -> Sql.of("NoSuchRunner", Dialect.H2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("h2/NoSuchRunner");
  }

  @Test
  void aNameInBothTheSharedAndTheDialectsFileIsRefused() {
    assertThatThrownBy(() -> Sql.of("SqlTestTwice", Dialect.H2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'same'");
    assertThat(Sql.of("SqlTestTwice", Dialect.POSTGRESQL).get("same")).isEqualTo("SELECT 1");
  }

  @Test
  void everyClassFindsEveryStatementItRunsOnEveryDialect() throws Exception {
    for (String runner : List.of(
        "H2Submits",
        "PostgresSubmits",
        "H2Turn",
        "PostgresTurn",
        "WorkerWrites",
        "TaskReads",
        "TaskWrites",
        "SqlCatalog",
        "Rows",
        "DatabaseClock",
        "PgChangeFeed")) {
      Class.forName(Sql.class.getPackageName() + "." + runner, true, getClass().getClassLoader());
    }
    for (Dialect d : List.of(Dialect.H2, Dialect.POSTGRESQL)) {
      new WorkerWrites(d, Instant::now);
      new QueuePositions(d);
      new Submits(d);
      assertThat(Sql.of("Migrations", d).get("lock")).isNotBlank();
    }
  }
}
