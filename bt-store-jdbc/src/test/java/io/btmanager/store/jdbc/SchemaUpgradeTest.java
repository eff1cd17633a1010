package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskState;
import io.btmanager.store.jdbc.internal.Dialect;
import io.btmanager.store.jdbc.internal.Guard;
import io.btmanager.store.jdbc.internal.Migrations;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upgrading: a store created by the previous schema version is migrated on start. On H2 and on
 * PostgreSQL, each test builds a fresh database at schema version 1 only, writes rows with plain
 * SQL the way version 1 stored them (a pending task with two owners, a finished task with an
 * execution row for its last attempt, a configuration, a schedule entry), then opens a {@link
 * JdbcTaskStore} on it. This proves that the start brings the schema to the latest version (on
 * PostgreSQL, version 3 makes ids, keys and owners compare as bytes, and version 4 adds an index
 * of the tasks not due yet, which queue positions subtract); that the old
 * rows read back exactly through the store; that the old pending task can be joined, claimed and
 * completed, and that the database still refuses a second active row with its dedup key (on
 * PostgreSQL, version 2 replaced that unique constraint by a partial unique index); that deleting
 * the old finished task removes its owner and execution rows (on PostgreSQL, version 2 dropped the
 * foreign keys that cascaded); and that a second start applies nothing and changes nothing.
 */
class SchemaUpgradeTest {
  private static final String PENDING = "00000000-0000-0000-0000-00000000000a";
  private static final String FINISHED = "00000000-0000-0000-0000-00000000000b";
  private static final String CONFIGURATION = "00000000-0000-0000-0000-00000000000c";
  private static final String SCHEDULE_ENTRY = "00000000-0000-0000-0000-00000000000d";
  private static final String PENDING_KEY = "dedup-report-march";
  private static final Instant CREATED = Instant.parse("2025-03-01T08:00:00.123456Z");
  private static final Instant STARTED = Instant.parse("2025-03-01T08:00:01.000001Z");
  private static final Instant ENDED = Instant.parse("2025-03-01T08:00:09.5Z");
  private static final Instant NEXT_FIRE = Instant.parse("2030-01-01T00:00:00Z");

  /** A fresh, empty database: its pool, and the dialect name the store's builder takes. */
  record Database(Dialect dialect, HikariDataSource dataSource) implements AutoCloseable {
    @Override
    public void close() {
      dataSource.close();
    }

    @Override
    public String toString() {
      return dialect.name();
    }

    Jdbi jdbi() {
      return Jdbi.create(dataSource);
    }

    /** A store on the database through the builder; it migrates the schema on start. */
    JdbcTaskStore open() {
      return JdbcTaskStore.builder()
          .dataSource(dataSource, dialect.name().toLowerCase(Locale.ROOT))
          .build();
    }
  }

  static Stream<Database> databases() {
    PostgresServer pg = PostgresServer.get();
    return Stream.of(
        database(
            Dialect.H2,
            "jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            "sa",
            ""),
        database(Dialect.POSTGRESQL, pg.newDatabase(), pg.user(), pg.password()));
  }

  private static Database database(Dialect dialect, String url, String user, String password) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(url);
    ds.setUsername(user);
    ds.setPassword(password);
    ds.setMaximumPoolSize(4);
    return new Database(dialect, ds);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aVersion1StoreIsMigratedOnStartAndItsRowsStillWork(Database db) {
    try (db) {
      createVersion1WithRows(db);

      try (JdbcTaskStore store = db.open()) {
        assertThat(versions(db.jdbi())).containsExactly(1, 2, 3, 4);
        if (db.dialect() == Dialect.POSTGRESQL) {
          assertThat(collations(db.jdbi()))
              .as("collation of each identifier column after version 3")
              .containsOnly(Map.entry("C", BYTE_ORDER_COLUMNS.size()));
          Optional<String> laterIndex = db.jdbi()
              .withHandle(h -> h.createQuery(
                      "SELECT indexdef FROM pg_indexes WHERE indexname = 'bt_task_queue_later'")
                  .mapTo(String.class)
                  .findOne());
          assertThat(laterIndex)
              .as("version 4's index of the tasks not due yet")
              .hasValueSatisfying(d -> assertThat(d).contains("next_attempt_at IS NOT NULL"));
        }

        // the old rows read back exactly
        assertThat(store.find(PENDING)).contains(oldPendingTask(seq(db.jdbi(), PENDING)));
        StoredTask finished = store.find(FINISHED).orElseThrow();
        assertThat(finished).isEqualTo(oldFinishedTask(seq(db.jdbi(), FINISHED)));
        assertThat(store.executions(FINISHED)).containsExactly(oldExecution());
        assertThat(store.queuePosition(PENDING)).isEqualTo(OptionalLong.of(0));
        assertThat(store.queuePosition(FINISHED)).isEmpty();
        assertThat(store.findConfiguration(CONFIGURATION)).contains(oldConfiguration());
        assertThat(store.findScheduleEntry(SCHEDULE_ENTRY)).contains(oldScheduleEntry());

        // the dedup guard survived version 2: a submit of the key joins the old task, and the
        // database itself refuses a second active row with it
        SubmitResult join = store.submit(NewTasks.report(PENDING_KEY, "carol"));
        assertThat(join.joined()).isTrue();
        assertThat(join.task().id()).isEqualTo(PENDING);
        assertThat(join.task().owners()).containsExactlyInAnyOrder("alice", "bob", "carol");
        Throwable duplicate = catchThrowable(() -> db.jdbi()
            .useHandle(h -> insertTask(h, UUID.randomUUID().toString(), 0, PENDING_KEY, true)));
        assertThat(Guard.isUniqueViolation(duplicate))
            .as(
                "inserting a second active row with the key fails as a unique violation; it threw %s",
                duplicate)
            .isTrue();

        // the old pending task is claimed and completed
        List<StoredTask> claimed =
            store.claim(new ClaimRequest("node-b", 10, Duration.ofMinutes(1), Set.of("report")));
        assertThat(claimed).extracting(StoredTask::id).containsExactly(PENDING);
        StoredTask running = claimed.get(0);
        assertThat(running.state()).isEqualTo(TaskState.RUNNING);
        assertThat(running.attempt()).isEqualTo(1);
        Instant now = store.now();
        Execution attempt = new Execution(
            PENDING,
            1,
            null,
            "node-b",
            running.startedAt(),
            now,
            ExecutionOutcome.SUCCEEDED,
            "{\"rows\":7}",
            null);
        Completion done = new Completion(
            PENDING,
            running.leaseToken(),
            TaskState.SUCCEEDED,
            1,
            new Progress(7, 7, "done"),
            "{\"rows\":7}",
            null,
            now,
            null,
            attempt);
        assertThat(store.complete(List.of(done))).containsExactly(true);
        StoredTask succeeded = store.find(PENDING).orElseThrow();
        assertThat(succeeded.state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(succeeded.resultJson()).isEqualTo("{\"rows\":7}");
        assertThat(succeeded.owners()).containsExactlyInAnyOrder("alice", "bob", "carol");

        // deleting the old finished task takes its owners and executions with it
        assertThat(store.delete(finished.id(), finished.version())).isTrue();
        assertThat(store.find(FINISHED)).isEmpty();
        assertThat(count(db.jdbi(), "bt_task_owner", FINISHED)).isZero();
        assertThat(count(db.jdbi(), "bt_execution", FINISHED)).isZero();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aSecondStartAppliesNothingAndChangesNothing(Database db) {
    try (db) {
      createVersion1WithRows(db);
      db.open().close(); // migrates to the latest version
      Map<String, List<Map<String, Object>>> afterFirst = snapshot(db.jdbi());

      try (JdbcTaskStore store = db.open()) {
        assertThat(snapshot(db.jdbi())).isEqualTo(afterFirst);
        assertThat(versions(db.jdbi())).containsExactly(1, 2, 3, 4);
        assertThat(store.find(PENDING)).contains(oldPendingTask(seq(db.jdbi(), PENDING)));
      }
    }
  }

  // ---------------------------------------------------------------- version 1 and its rows

  /** Creates schema version 1 only and writes its rows. */
  private static void createVersion1WithRows(Database db) {
    Jdbi jdbi = db.jdbi();
    Migrations.apply(jdbi, db.dialect(), 1);
    assertThat(versions(jdbi)).containsExactly(1);
    jdbi.useTransaction(h -> {
      h.createUpdate("INSERT INTO bt_configuration (id, owner, name, type, arguments, created_at,"
              + " updated_at) VALUES (:id, 'alice', 'March', 'report', '{\"month\":3}', :created,"
              + " :updated)")
          .bind("id", CONFIGURATION)
          .bind("created", utc(CREATED))
          .bind("updated", utc(ENDED))
          .execute();
      h.createUpdate("INSERT INTO bt_schedule_entry (id, owner, name, type, configuration_id,"
              + " arguments, priority, period_ms, cron, zone, missed_policy, enabled, next_fire_at,"
              + " last_fired_at, created_at) VALUES (:id, 'alice', 'Monthly report', 'report',"
              + " :configuration, '{}', 0, 3600000, NULL, NULL, 'FIRE_ONCE', TRUE, :next, NULL,"
              + " :created)")
          .bind("id", SCHEDULE_ENTRY)
          .bind("configuration", CONFIGURATION)
          .bind("next", utc(NEXT_FIRE))
          .bind("created", utc(CREATED))
          .execute();
      insertTask(h, PENDING, 3, PENDING_KEY, true);
      insertTask(h, FINISHED, 5, "dedup-report-february", false);
      for (String owner : List.of("alice", "bob")) {
        h.execute("INSERT INTO bt_task_owner (task_id, owner) VALUES (?, ?)", PENDING, owner);
      }
      h.execute("INSERT INTO bt_task_owner (task_id, owner) VALUES (?, ?)", FINISHED, "alice");
      // version 1 kept an execution row for every attempt, the last one included
      h.createUpdate("INSERT INTO bt_execution (task_id, attempt, configuration_id, node,"
              + " started_at, finished_at, outcome, result, error) VALUES (:task, 1, NULL,"
              + " 'node-a', :started, :ended, 'SUCCEEDED', '{\"rows\":42}', NULL)")
          .bind("task", FINISHED)
          .bind("started", utc(STARTED))
          .bind("ended", utc(ENDED))
          .execute();
    });
  }

  /**
   * A task row as version 1 wrote it: waiting (PENDING, its dedup key active) or finished
   * (SUCCEEDED after one attempt, its active key cleared).
   */
  private static void insertTask(Handle h, String id, long version, String key, boolean waiting) {
    h.createUpdate(
            "INSERT INTO bt_task (id, version, type, name, description, arguments, dedup_key,"
                + " active_dedup_key, state, priority, link, progress_done, progress_total,"
                + " progress_message, created_at, started_at, finished_at, result, error, attempt,"
                + " max_attempts, next_attempt_at, configuration_id, schedule_entry_id, lease_owner,"
                + " lease_token, lease_expires_at, cancel_requested) VALUES (:id, :version, 'report',"
                + " 'Monthly report', 'Sales by region', '{\"month\":3}', :key, :active, :state, 1,"
                + " 'https://example.com/reports/3', :done, 1, :message, :created, :started,"
                + " :finished, :result, NULL, :attempt, 3, NULL, NULL, NULL, NULL, NULL, NULL, FALSE)")
        .bind("id", id)
        .bind("version", version)
        .bind("key", key)
        .bind("active", waiting ? key : null)
        .bind("state", waiting ? "PENDING" : "SUCCEEDED")
        .bind("done", waiting ? 0 : 1)
        .bind("message", waiting ? "" : "done")
        .bind("created", utc(CREATED))
        .bindByType("started", waiting ? null : utc(STARTED), OffsetDateTime.class)
        .bindByType("finished", waiting ? null : utc(ENDED), OffsetDateTime.class)
        .bind("result", waiting ? null : "{\"rows\":42}")
        .bind("attempt", waiting ? 0 : 1)
        .execute();
  }

  private static StoredTask oldPendingTask(long seq) {
    return new StoredTask(
        PENDING,
        seq,
        3,
        "report",
        "Monthly report",
        "Sales by region",
        "{\"month\":3}",
        PENDING_KEY,
        TaskState.PENDING,
        Priority.MEDIUM,
        Set.of("alice", "bob"),
        URI.create("https://example.com/reports/3"),
        Progress.NONE,
        CREATED,
        null,
        null,
        null,
        null,
        0,
        3,
        null,
        null,
        null,
        null,
        null,
        null,
        false);
  }

  private static StoredTask oldFinishedTask(long seq) {
    return new StoredTask(
        FINISHED,
        seq,
        5,
        "report",
        "Monthly report",
        "Sales by region",
        "{\"month\":3}",
        "dedup-report-february",
        TaskState.SUCCEEDED,
        Priority.MEDIUM,
        Set.of("alice"),
        URI.create("https://example.com/reports/3"),
        new Progress(1, 1, "done"),
        CREATED,
        STARTED,
        ENDED,
        "{\"rows\":42}",
        null,
        1,
        3,
        null,
        null,
        null,
        null,
        null,
        null,
        false);
  }

  private static Execution oldExecution() {
    return new Execution(
        FINISHED,
        1,
        null,
        "node-a",
        STARTED,
        ENDED,
        ExecutionOutcome.SUCCEEDED,
        "{\"rows\":42}",
        null);
  }

  private static Configuration oldConfiguration() {
    return new Configuration(
        CONFIGURATION, "alice", "March", "report", "{\"month\":3}", CREATED, ENDED);
  }

  private static ScheduleEntry oldScheduleEntry() {
    return new ScheduleEntry(
        SCHEDULE_ENTRY,
        "alice",
        "Monthly report",
        "report",
        CONFIGURATION,
        "{}",
        Priority.LOW,
        Schedule.every(Duration.ofHours(1)),
        MissedFirePolicy.FIRE_ONCE,
        true,
        NEXT_FIRE,
        null,
        CREATED);
  }

  // ---------------------------------------------------------------- plain SQL reads

  /** The identifier columns that PostgreSQL's version 3 compares as bytes. */
  private static final List<String> BYTE_ORDER_COLUMNS = List.of(
      "bt_task.id",
      "bt_task.dedup_key",
      "bt_task.active_dedup_key",
      "bt_task.lease_token",
      "bt_task.configuration_id",
      "bt_task.schedule_entry_id",
      "bt_task_owner.task_id",
      "bt_task_owner.owner",
      "bt_execution.task_id");

  /** How many of {@link #BYTE_ORDER_COLUMNS} have each collation (PostgreSQL). */
  private static Map<String, Integer> collations(Jdbi jdbi) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    jdbi.useHandle(h -> h
        .createQuery("SELECT table_name || '.' || column_name,"
            + " COALESCE(collation_name, 'default') FROM information_schema.columns"
            + " WHERE table_schema = current_schema()")
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .filter(e -> BYTE_ORDER_COLUMNS.contains(e.getKey()))
        .forEach(e -> out.merge(e.getValue(), 1, Integer::sum)));
    return out;
  }

  private static List<Integer> versions(Jdbi jdbi) {
    return jdbi.withHandle(h -> h.createQuery("SELECT version FROM bt_schema_version ORDER BY 1")
        .mapTo(Integer.class)
        .list());
  }

  /** The seq the database gave a task row. */
  private static long seq(Jdbi jdbi, String taskId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT seq FROM bt_task WHERE id = :id")
        .bind("id", taskId)
        .mapTo(Long.class)
        .one());
  }

  private static long count(Jdbi jdbi, String table, String taskId) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE task_id = :id")
            .bind("id", taskId)
            .mapTo(Long.class)
            .one());
  }

  /** Every row of the store's tables and of its version record, in a stable order. */
  private static Map<String, List<Map<String, Object>>> snapshot(Jdbi jdbi) {
    Map<String, String> orderBy = Map.of(
        "bt_schema_version", "version",
        "bt_task", "id",
        "bt_task_owner", "task_id, owner",
        "bt_execution", "seq",
        "bt_configuration", "id",
        "bt_schedule_entry", "id");
    return jdbi.withHandle(h -> {
      Map<String, List<Map<String, Object>>> rows = new TreeMap<>();
      orderBy.forEach((table, order) -> rows.put(
          table,
          h.createQuery("SELECT * FROM " + table + " ORDER BY " + order)
              .mapToMap()
              .list()));
      return rows;
    });
  }

  private static OffsetDateTime utc(Instant i) {
    return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
