package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * Configurations and schedule entries. A configuration's row is locked by every write that refers
 * to it and by its delete, so rule 10's "in use" check cannot race a new reference.
 */
public final class Catalog {
  private Catalog() {}

  public static void insertConfiguration(Handle h, Configuration c) {
    Update u = h.createUpdate("INSERT INTO bt_configuration (id, owner, name, type, arguments,"
        + " created_at, updated_at) VALUES (:id, :owner, :name, :type, :arguments, :created_at,"
        + " :updated_at)");
    u.bind("id", c.id())
        .bind("owner", c.owner())
        .bind("name", c.name())
        .bind("type", c.type())
        .bind("arguments", c.argumentsJson());
    Rows.ts(u, "created_at", c.createdAt());
    Rows.ts(u, "updated_at", c.updatedAt()).execute();
  }

  public static boolean updateConfiguration(Handle h, Configuration c) {
    Update u = h.createUpdate("UPDATE bt_configuration SET name = :name, arguments = :arguments,"
        + " updated_at = :updated_at WHERE id = :id");
    u.bind("id", c.id()).bind("name", c.name()).bind("arguments", c.argumentsJson());
    return Rows.ts(u, "updated_at", c.updatedAt()).execute() > 0;
  }

  public static Optional<Configuration> findConfiguration(Handle h, String id) {
    return h.createQuery("SELECT * FROM bt_configuration WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> Rows.configuration(rs))
        .findOne();
  }

  public static List<Configuration> configurations(Handle h, String owner) {
    String where = owner == null ? "" : " WHERE owner = :owner";
    var q = h.createQuery("SELECT * FROM bt_configuration" + where + " ORDER BY created_at, id");
    if (owner != null) {
      q.bind("owner", owner);
    }
    return q.map((rs, ctx) -> Rows.configuration(rs)).list();
  }

  public static ConfigurationDeletion deleteConfiguration(Handle h, String id) {
    boolean exists = h.createQuery("SELECT id FROM bt_configuration WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .mapTo(String.class)
        .findOne()
        .isPresent();
    if (!exists) {
      return ConfigurationDeletion.NOT_FOUND;
    }
    boolean used = h.createQuery("SELECT 1 FROM bt_task WHERE configuration_id = :id"
            + " AND state IN ('PENDING', 'SCHEDULED', 'RUNNING')"
            + " UNION ALL SELECT 1 FROM bt_schedule_entry WHERE configuration_id = :id")
        .bind("id", id)
        .mapTo(Integer.class)
        .findFirst()
        .isPresent();
    if (used) {
      return ConfigurationDeletion.IN_USE;
    }
    h.createUpdate("DELETE FROM bt_configuration WHERE id = :id").bind("id", id).execute();
    return ConfigurationDeletion.DELETED;
  }

  public static void insertScheduleEntry(Handle h, ScheduleEntry e) {
    lockConfiguration(h, e.configurationId());
    bindEntry(
            h.createUpdate("INSERT INTO bt_schedule_entry (id, owner, name, type,"
                + " configuration_id, arguments, priority, period_ms, cron, zone, missed_policy, enabled,"
                + " next_fire_at, last_fired_at, created_at) VALUES (:id, :owner, :name, :type,"
                + " :configuration_id, :arguments, :priority, :period_ms, :cron, :zone, :missed_policy,"
                + " :enabled, :next_fire_at, :last_fired_at, :created_at)"),
            e)
        .execute();
  }

  public static boolean updateScheduleEntry(Handle h, ScheduleEntry e) {
    lockConfiguration(h, e.configurationId());
    return bindEntry(
                h.createUpdate("UPDATE bt_schedule_entry SET owner = :owner, name = :name,"
                    + " type = :type, configuration_id = :configuration_id, arguments = :arguments,"
                    + " priority = :priority, period_ms = :period_ms, cron = :cron, zone = :zone,"
                    + " missed_policy = :missed_policy, enabled = :enabled, next_fire_at = :next_fire_at,"
                    + " last_fired_at = :last_fired_at, created_at = :created_at WHERE id = :id"),
                e)
            .execute()
        > 0;
  }

  public static Optional<ScheduleEntry> findScheduleEntry(Handle h, String id) {
    return h.createQuery("SELECT * FROM bt_schedule_entry WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> Rows.scheduleEntry(rs))
        .findOne();
  }

  public static List<ScheduleEntry> scheduleEntries(Handle h, String owner) {
    String where = owner == null ? "" : " WHERE owner = :owner";
    var q = h.createQuery("SELECT * FROM bt_schedule_entry" + where + " ORDER BY created_at, id");
    if (owner != null) {
      q.bind("owner", owner);
    }
    return q.map((rs, ctx) -> Rows.scheduleEntry(rs)).list();
  }

  public static boolean deleteScheduleEntry(Handle h, String id) {
    return h.createUpdate("DELETE FROM bt_schedule_entry WHERE id = :id")
            .bind("id", id)
            .execute()
        > 0;
  }

  public static List<ScheduleEntry> dueScheduleEntries(
      Handle h, Instant now, Set<String> types, int max) {
    if (types.isEmpty()) {
      return List.of();
    }
    return Rows.ts(
            h.createQuery(
                "SELECT * FROM bt_schedule_entry WHERE enabled"
                    + " AND next_fire_at <= :now AND type IN (<types>) ORDER BY next_fire_at LIMIT :max"),
            "now",
            now)
        .bindList("types", List.copyOf(types))
        .bind("max", max)
        .map((rs, ctx) -> Rows.scheduleEntry(rs))
        .list();
  }

  /** Advances an entry past an occurrence if it is still at it (part of firing the occurrence). */
  static boolean advanceScheduleEntry(Handle h, Occurrence o) {
    Update u = h.createUpdate("UPDATE bt_schedule_entry SET next_fire_at = :next,"
        + " last_fired_at = :fired WHERE id = :id AND next_fire_at = :expected");
    u.bind("id", o.entryId());
    Rows.ts(u, "next", o.nextFireAt());
    Rows.ts(u, "fired", o.firedAt());
    return Rows.ts(u, "expected", o.expectedNextFireAt()).execute() > 0;
  }

  private static void lockConfiguration(Handle h, String configurationId) {
    if (configurationId != null
        && h.createQuery("SELECT id FROM bt_configuration WHERE id = :id FOR UPDATE")
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
