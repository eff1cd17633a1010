package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.spi.Catalog;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/**
 * The catalog on SQL: configurations and schedule entries, each call one transaction. A
 * configuration's row is locked by every write that refers to it and by its delete, so rule 10's
 * "in use" check cannot race a new reference. The statements are in {@code SqlCatalog.sql}.
 */
public final class SqlCatalog implements Catalog {
  private static final Sql SQL = Sql.of("SqlCatalog");
  private static final String INSERT_CONFIGURATION = SQL.get("insert-configuration");
  private static final String UPDATE_CONFIGURATION = SQL.get("update-configuration");
  private static final String FIND_CONFIGURATION = SQL.get("find-configuration");
  private static final String CONFIGURATIONS = SQL.get("configurations");
  private static final String CONFIGURATIONS_OF = SQL.get("configurations-of");
  private static final String LOCK_CONFIGURATION = SQL.get("lock-configuration");
  private static final String CONFIGURATION_IN_USE = SQL.get("configuration-in-use");
  private static final String DELETE_CONFIGURATION = SQL.get("delete-configuration");
  private static final String INSERT_SCHEDULE_ENTRY = SQL.get("insert-schedule-entry");
  private static final String UPDATE_SCHEDULE_ENTRY = SQL.get("update-schedule-entry");
  private static final String FIND_SCHEDULE_ENTRY = SQL.get("find-schedule-entry");
  private static final String SCHEDULE_ENTRIES = SQL.get("schedule-entries");
  private static final String SCHEDULE_ENTRIES_OF = SQL.get("schedule-entries-of");
  private static final String DELETE_SCHEDULE_ENTRY = SQL.get("delete-schedule-entry");
  private static final String DUE_SCHEDULE_ENTRIES = SQL.get("due-schedule-entries");
  private static final String ADVANCE_SCHEDULE_ENTRY = SQL.get("advance-schedule-entry");

  private static final RowMapper<Configuration> CONFIGURATION = (rs, ctx) -> Rows.configuration(rs);
  private static final RowMapper<ScheduleEntry> SCHEDULE_ENTRY =
      (rs, ctx) -> Rows.scheduleEntry(rs);

  private final Jdbi jdbi;
  private final Submits submits;

  /** Fires occurrences through {@code submits}, so an occurrence's task is submitted-or-joined. */
  public SqlCatalog(Jdbi jdbi, Submits submits) {
    this.jdbi = jdbi;
    this.submits = submits;
  }

  @Override
  public void insertConfiguration(Configuration c) {
    Guard.run(
        "save a configuration",
        () -> jdbi.useTransaction(h -> {
          Update u = h.createUpdate(INSERT_CONFIGURATION);
          u.bind("id", c.id())
              .bind("owner", c.owner())
              .bind("name", c.name())
              .bind("type", c.type())
              .bind("arguments", c.argumentsJson());
          Rows.ts(u, "created_at", c.createdAt());
          Rows.ts(u, "updated_at", c.updatedAt()).execute();
        }));
  }

  @Override
  public boolean updateConfiguration(Configuration c) {
    return Guard.inTransaction(jdbi, "update a configuration", h -> {
      Update u = h.createUpdate(UPDATE_CONFIGURATION);
      u.bind("id", c.id()).bind("name", c.name()).bind("arguments", c.argumentsJson());
      return Rows.ts(u, "updated_at", c.updatedAt()).execute() > 0;
    });
  }

  @Override
  public Optional<Configuration> findConfiguration(String id) {
    return find("read a configuration", FIND_CONFIGURATION, id, CONFIGURATION);
  }

  @Override
  public List<Configuration> configurations(String owner) {
    return list("list configurations", CONFIGURATIONS, CONFIGURATIONS_OF, owner, CONFIGURATION);
  }

  @Override
  public ConfigurationDeletion deleteConfiguration(String id) {
    return Guard.inTransaction(jdbi, "delete a configuration", h -> {
      boolean exists = h.createQuery(LOCK_CONFIGURATION)
          .bind("id", id)
          .mapTo(String.class)
          .findOne()
          .isPresent();
      if (!exists) {
        return ConfigurationDeletion.NOT_FOUND;
      }
      boolean used = h.createQuery(CONFIGURATION_IN_USE)
          .bind("id", id)
          .mapTo(Integer.class)
          .findFirst()
          .isPresent();
      if (used) {
        return ConfigurationDeletion.IN_USE;
      }
      h.createUpdate(DELETE_CONFIGURATION).bind("id", id).execute();
      return ConfigurationDeletion.DELETED;
    });
  }

  @Override
  public void insertScheduleEntry(ScheduleEntry e) {
    Guard.run(
        "save a schedule entry",
        () -> jdbi.useTransaction(h -> {
          lockConfiguration(h, e.configurationId());
          bindEntry(h.createUpdate(INSERT_SCHEDULE_ENTRY), e).execute();
        }));
  }

  @Override
  public boolean updateScheduleEntry(ScheduleEntry e) {
    return Guard.inTransaction(jdbi, "update a schedule entry", h -> {
      lockConfiguration(h, e.configurationId());
      return bindEntry(h.createUpdate(UPDATE_SCHEDULE_ENTRY), e).execute() > 0;
    });
  }

  @Override
  public Optional<ScheduleEntry> findScheduleEntry(String id) {
    return find("read a schedule entry", FIND_SCHEDULE_ENTRY, id, SCHEDULE_ENTRY);
  }

  @Override
  public List<ScheduleEntry> scheduleEntries(String owner) {
    return list(
        "list schedule entries", SCHEDULE_ENTRIES, SCHEDULE_ENTRIES_OF, owner, SCHEDULE_ENTRY);
  }

  @Override
  public boolean deleteScheduleEntry(String id) {
    return Guard.inTransaction(
        jdbi,
        "delete a schedule entry",
        h -> h.createUpdate(DELETE_SCHEDULE_ENTRY).bind("id", id).execute() > 0);
  }

  @Override
  public List<ScheduleEntry> dueScheduleEntries(Instant now, Set<String> types, int max) {
    if (types.isEmpty()) {
      return List.of();
    }
    return Guard.withHandle(
        jdbi,
        "find due schedule entries",
        h -> Rows.ts(h.createQuery(DUE_SCHEDULE_ENTRIES), "now", now)
            .bindList("types", List.copyOf(types))
            .bind("max", max)
            .map(SCHEDULE_ENTRY)
            .list());
  }

  @Override
  public OccurrenceFired fireOccurrence(Occurrence occurrence) {
    return Guard.call("fire a schedule occurrence", () -> submits.fire(jdbi, occurrence));
  }

  /** Advances an entry past an occurrence if it is still at it (part of firing the occurrence). */
  static boolean advanceScheduleEntry(Handle h, Occurrence o) {
    Update u = h.createUpdate(ADVANCE_SCHEDULE_ENTRY);
    u.bind("id", o.entryId());
    Rows.ts(u, "next", o.nextFireAt());
    Rows.ts(u, "fired", o.firedAt());
    return Rows.ts(u, "expected", o.expectedNextFireAt()).execute() > 0;
  }

  /** The row with this id, read by {@code byId}. */
  private <T> Optional<T> find(String what, String byId, String id, RowMapper<T> mapper) {
    return Guard.withHandle(
        jdbi, what, h -> h.createQuery(byId).bind("id", id).map(mapper).findOne());
  }

  /** Every row ({@code all}), or the owner's ({@code ofOwner}) when one is given. */
  private <T> List<T> list(
      String what, String all, String ofOwner, String owner, RowMapper<T> mapper) {
    return Guard.withHandle(jdbi, what, h -> {
      Query q = h.createQuery(owner == null ? all : ofOwner);
      if (owner != null) {
        q.bind("owner", owner);
      }
      return q.map(mapper).list();
    });
  }

  private static void lockConfiguration(Handle h, String configurationId) {
    if (configurationId != null
        && h.createQuery(LOCK_CONFIGURATION)
            .bind("id", configurationId)
            .mapTo(String.class)
            .findOne()
            .isEmpty()) {
      throw new ConfigurationNotFoundException(configurationId);
    }
  }

  private static Update bindEntry(Update u, ScheduleEntry e) {
    u.bind("id", e.id())
        .bind("owner", e.owner())
        .bind("name", e.name())
        .bind("type", e.type())
        .bind("configuration_id", e.configurationId())
        .bind("arguments", e.argumentsJson())
        .bind("priority", e.priority().weight())
        .bind("missed_policy", e.missedFirePolicy().name())
        .bind("enabled", e.enabled());
    if (e.schedule() instanceof Schedule.Every every) {
      u.bind("period_ms", every.period().toMillis())
          .bind("cron", (String) null)
          .bind("zone", (String) null);
    } else {
      Schedule.Cron c = (Schedule.Cron) e.schedule();
      u.bindByType("period_ms", null, Long.class)
          .bind("cron", c.expression())
          .bind("zone", c.zone().getId());
    }
    Rows.ts(u, "next_fire_at", e.nextFireAt());
    Rows.ts(u, "last_fired_at", e.lastFiredAt());
    return Rows.ts(u, "created_at", e.createdAt());
  }
}
