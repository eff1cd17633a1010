package io.btmanager.store.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.statement.SqlStatement;

/** Rows to records and records to bound parameters, in one place for every table. */
final class Rows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Rows() {}

  /** An array column of owner names (null when there are none) as a set. */
  static Set<String> owners(Array array) throws SQLException {
    if (array == null) {
      return Set.of();
    }
    try {
      Object[] names = (Object[]) array.getArray(); // String[] from PostgreSQL, Object[] from H2
      Set<String> owners = new HashSet<>(names.length * 2);
      for (Object n : names) {
        owners.add((String) n);
      }
      return owners;
    } finally {
      array.free();
    }
  }

  static StoredTask task(ResultSet rs, Set<String> owners) throws SQLException {
    String link = rs.getString("link");
    return new StoredTask(
        rs.getString("id"),
        rs.getLong("seq"),
        rs.getLong("version"),
        rs.getString("type"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("arguments"),
        rs.getString("dedup_key"),
        TaskState.valueOf(rs.getString("state")),
        Priority.ofWeight(rs.getInt("priority")),
        owners,
        link == null ? null : URI.create(link),
        new Progress(
            rs.getLong("progress_done"),
            rs.getLong("progress_total"),
            rs.getString("progress_message")),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getString("result"),
        error(rs.getString("error")),
        rs.getInt("attempt"),
        rs.getInt("max_attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("configuration_id"),
        rs.getString("schedule_entry_id"),
        rs.getString("lease_owner"),
        rs.getString("lease_token"),
        instant(rs, "lease_expires_at"),
        rs.getBoolean("cancel_requested"));
  }

  /** A row of {@code bt_execution}. */
  static Execution execution(ResultSet rs) throws SQLException {
    return execution(rs, "task_id", "node", "outcome");
  }

  /** The execution a finished task's row holds: its last attempt, run on {@code ran_on}. */
  static Execution lastExecution(ResultSet rs) throws SQLException {
    return execution(rs, "id", "ran_on", "state");
  }

  private static Execution execution(ResultSet rs, String taskId, String node, String outcome)
      throws SQLException {
    return new Execution(
        rs.getString(taskId),
        rs.getInt("attempt"),
        rs.getString("configuration_id"),
        rs.getString(node),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        ExecutionOutcome.valueOf(rs.getString(outcome)),
        rs.getString("result"),
        error(rs.getString("error")));
  }

  static Configuration configuration(ResultSet rs) throws SQLException {
    return new Configuration(
        rs.getString("id"),
        rs.getString("owner"),
        rs.getString("name"),
        rs.getString("type"),
        rs.getString("arguments"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  static ScheduleEntry scheduleEntry(ResultSet rs) throws SQLException {
    long period = rs.getLong("period_ms");
    Schedule schedule = rs.wasNull()
        ? Schedule.cron(rs.getString("cron"), ZoneId.of(rs.getString("zone")))
        : Schedule.every(Duration.ofMillis(period));
    return new ScheduleEntry(
        rs.getString("id"),
        rs.getString("owner"),
        rs.getString("name"),
        rs.getString("type"),
        rs.getString("configuration_id"),
        rs.getString("arguments"),
        Priority.ofWeight(rs.getInt("priority")),
        schedule,
        MissedFirePolicy.valueOf(rs.getString("missed_policy")),
        rs.getBoolean("enabled"),
        instant(rs, "next_fire_at"),
        instant(rs, "last_fired_at"),
        instant(rs, "created_at"));
  }

  /** Binds every column of a task row that a write may change (all but id, seq, version). */
  static <S extends SqlStatement<S>> S bindTask(S s, StoredTask t) {
    s.bind("type", t.type())
        .bind("name", t.name())
        .bind("description", t.description())
        .bind("arguments", t.argumentsJson())
        .bind("dedup_key", t.dedupKey())
        .bind("active_dedup_key", t.activeDedupKey())
        .bind("state", t.state().name())
        .bind("priority", t.priority().weight())
        .bind("link", t.link() == null ? null : t.link().toString())
        .bind("progress_done", t.progress().done())
        .bind("progress_total", t.progress().total())
        .bind("progress_message", t.progress().message())
        .bind("result", t.resultJson())
        .bind("error", json(t.error()))
        .bind("attempt", t.attempt())
        .bind("max_attempts", t.maxAttempts())
        .bind("configuration_id", t.configurationId())
        .bind("schedule_entry_id", t.scheduleEntryId())
        .bind("lease_owner", t.leaseOwner())
        .bind("lease_token", t.leaseToken())
        .bind("cancel_requested", t.cancelRequested());
    ts(s, "created_at", t.createdAt());
    ts(s, "started_at", t.startedAt());
    ts(s, "finished_at", t.finishedAt());
    ts(s, "next_attempt_at", t.nextAttemptAt());
    ts(s, "lease_expires_at", t.leaseExpiresAt());
    return s;
  }

  static <S extends SqlStatement<S>> S bindExecution(S s, Execution e) {
    s.bind("task_id", e.taskId())
        .bind("attempt", e.attempt())
        .bind("configuration_id", e.configurationId())
        .bind("node", e.node())
        .bind("outcome", e.outcome().name())
        .bind("result", e.resultJson())
        .bind("error", json(e.error()));
    ts(s, "started_at", e.startedAt());
    ts(s, "finished_at", e.finishedAt());
    return s;
  }

  /** Inserts an execution row bound by {@link #bindExecution}. */
  static final String INSERT_EXECUTION = Sql.of("Rows").get("insert-execution");

  /**
   * Binds an instant as a UTC timestamp with time zone (typed, also when null), truncated to the
   * microseconds the columns keep. Truncating here, on every write and every comparison, keeps a
   * value the engine holds equal to the one it reads back (PostgreSQL would otherwise round a
   * nanosecond clock's value, and a compare-and-set on a timestamp would never match).
   */
  static <S extends SqlStatement<S>> S ts(S s, String name, Instant i) {
    return s.bindByType(
        name,
        i == null ? null : OffsetDateTime.ofInstant(stored(i), ZoneOffset.UTC),
        OffsetDateTime.class);
  }

  /**
   * An instant as a timestamp column keeps it: whole microseconds, within the SQL range of years 1
   * to 9999 (Instant.MIN/MAX, "ever", map to its ends). Null stays null.
   */
  static Instant stored(Instant i) {
    if (i == null) {
      return null;
    }
    Instant clamped = i.isAfter(LATEST) ? LATEST : i.isBefore(EARLIEST) ? EARLIEST : i;
    return clamped.truncatedTo(ChronoUnit.MICROS);
  }
  /** ISO-8601 text of {@link #stored}, which PostgreSQL reads as a timestamptz in any DateStyle. */
  static String text(Instant i) {
    return i == null ? null : stored(i).toString();
  }

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static String json(TaskError e) {
    if (e == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static TaskError error(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, TaskError.class);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("unreadable error column: " + json, ex);
    }
  }
}
