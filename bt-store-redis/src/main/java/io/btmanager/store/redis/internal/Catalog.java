package io.btmanager.store.redis.internal;

import static io.btmanager.store.redis.internal.Codec.instant;
import static io.btmanager.store.redis.internal.Codec.micros;
import static io.btmanager.store.redis.internal.Codec.orEmpty;

import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Configurations and schedule entries. References from active tasks and entries to a configuration
 * are counted in one hash, changed by the same scripts that write tasks and entries, so a delete
 * (rule 10) never slips between a check and a new reference.
 */
public final class Catalog implements io.btmanager.core.spi.Catalog {
  private final Redis redis;
  private final RedisKeys keys;

  public Catalog(Redis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  // ------------------------------------------------------------------ configurations

  public void insertConfiguration(Configuration c) {
    redis.number(
        "insert a configuration",
        Script.CONFIGURATION_INSERT,
        c.id(),
        c.owner(),
        "id",
        c.id(),
        "owner",
        c.owner(),
        "name",
        c.name(),
        "type",
        c.type(),
        "args",
        c.argumentsJson(),
        "cat",
        micros(c.createdAt()),
        "uat",
        micros(c.updatedAt()));
  }

  public boolean updateConfiguration(Configuration c) {
    return redis.number(
            "update a configuration",
            Script.CONFIGURATION_UPDATE,
            c.id(),
            c.name(),
            c.argumentsJson(),
            micros(c.updatedAt()))
        == 1;
  }

  public Optional<Configuration> findConfiguration(String id) {
    Map<String, String> h =
        redis.call("read a configuration", c -> c.hgetall(keys.configuration(id)));
    return h.isEmpty() ? Optional.empty() : Optional.of(configuration(h));
  }

  public List<Configuration> configurations(String owner) {
    List<Map<String, String>> rows =
        hashes(redis.list("read configurations", Script.CONFIGURATION_LIST, orEmpty(owner)));
    rows.sort(Comparator.comparing((Map<String, String> h) -> Long.parseLong(h.get("cat")))
        .thenComparingLong(h -> Long.parseLong(h.get("n"))));
    return rows.stream().map(Catalog::configuration).toList();
  }

  public ConfigurationDeletion deleteConfiguration(String id) {
    String outcome = redis.eval(
        "delete a configuration",
        Script.CONFIGURATION_DELETE,
        io.lettuce.core.ScriptOutputType.VALUE,
        id);
    return ConfigurationDeletion.valueOf(outcome);
  }

  private static Configuration configuration(Map<String, String> h) {
    return new Configuration(
        h.get("id"),
        h.get("owner"),
        h.get("name"),
        h.get("type"),
        h.get("args"),
        instant(h.get("cat")),
        instant(h.get("uat")));
  }

  // ------------------------------------------------------------------ schedule entries

  public void insertScheduleEntry(ScheduleEntry e) {
    writeScheduleEntry("insert", e);
  }

  public boolean updateScheduleEntry(ScheduleEntry e) {
    return writeScheduleEntry("update", e);
  }

  private boolean writeScheduleEntry(String mode, ScheduleEntry e) {
    List<String> args = new ArrayList<>(40);
    args.add(mode);
    args.add(e.id());
    args.add(e.owner());
    args.add(orEmpty(e.configurationId()));
    args.add(e.enabled() ? "1" : "0");
    args.add(micros(e.nextFireAt()));
    put(args, "id", e.id());
    put(args, "owner", e.owner());
    put(args, "name", e.name());
    put(args, "type", e.type());
    put(args, "cfg", e.configurationId());
    put(args, "args", e.argumentsJson());
    put(args, "pri", Integer.toString(e.priority().weight()));
    put(args, "sched", schedule(e.schedule()));
    put(args, "mfp", e.missedFirePolicy().name());
    put(args, "enabled", e.enabled() ? "1" : "0");
    put(args, "nfa", micros(e.nextFireAt()));
    put(args, "lfa", micros(e.lastFiredAt()));
    put(args, "cat", micros(e.createdAt()));
    String what = mode + " a schedule entry";
    return redis.number(what, Script.SCHEDULE_WRITE, args.toArray(String[]::new)) == 1;
  }

  private static void put(List<String> args, String field, String value) {
    if (value != null) {
      args.add(field);
      args.add(value);
    }
  }

  public Optional<ScheduleEntry> findScheduleEntry(String id) {
    Map<String, String> h =
        redis.call("read a schedule entry", c -> c.hgetall(keys.scheduleEntry(id)));
    return h.isEmpty() ? Optional.empty() : Optional.of(scheduleEntry(h));
  }

  public List<ScheduleEntry> scheduleEntries(String owner) {
    List<Object> reply = owner == null
        ? redis.list("read schedule entries", Script.SCHEDULE_LIST, "all")
        : redis.list("read schedule entries", Script.SCHEDULE_LIST, "owner", owner);
    List<Map<String, String>> rows = hashes(reply);
    rows.sort(Comparator.comparing((Map<String, String> h) -> Long.parseLong(h.get("cat")))
        .thenComparingLong(h -> Long.parseLong(h.get("n"))));
    return rows.stream().map(Catalog::scheduleEntry).toList();
  }

  public boolean deleteScheduleEntry(String id) {
    return redis.number("delete a schedule entry", Script.SCHEDULE_DELETE, id) == 1;
  }

  public List<ScheduleEntry> dueScheduleEntries(Instant now, Set<String> types, int max) {
    if (max <= 0 || types.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>(3 + types.size());
    args.add("due");
    args.add(micros(now));
    args.add(Integer.toString(max));
    args.addAll(types);
    List<Map<String, String>> rows = hashes(
        redis.list("read due schedule entries", Script.SCHEDULE_LIST, args.toArray(String[]::new)));
    rows.sort(Comparator.comparing((Map<String, String> h) -> Long.parseLong(h.get("nfa")))
        .thenComparingLong(h -> Long.parseLong(h.get("n"))));
    return rows.stream().map(Catalog::scheduleEntry).toList();
  }

  /** Advances the entry and submits-or-joins its task in one script: both or neither. */
  public OccurrenceFired fireOccurrence(Occurrence o) {
    List<String> args = new ArrayList<>(48);
    args.add(o.entryId());
    args.add(micros(o.expectedNextFireAt()));
    args.add(micros(o.nextFireAt()));
    args.add(micros(o.firedAt()));
    args.add(o.task() == null ? "0" : "1");
    if (o.task() != null) {
      TaskCodec.submitArgs(args, o.task());
    }
    List<Object> reply =
        redis.list("fire a schedule occurrence", Script.FIRE, args.toArray(String[]::new));
    if (((Long) reply.get(0)) == 0L) {
      return OccurrenceFired.NOT_FIRED;
    }
    return new OccurrenceFired(
        true, reply.size() < 3 ? null : TaskCodec.submitted(o.task(), reply.get(1), reply.get(2)));
  }

  private static String schedule(Schedule s) {
    if (s instanceof Schedule.Every every) {
      return "every:" + every.period();
    }
    Schedule.Cron cron = (Schedule.Cron) s;
    return "cron:" + cron.zone().getId() + "|" + cron.expression();
  }

  private static Schedule schedule(String text) {
    if (text.startsWith("every:")) {
      return Schedule.every(Duration.parse(text.substring("every:".length())));
    }
    int bar = text.indexOf('|');
    return Schedule.cron(text.substring(bar + 1), ZoneId.of(text.substring("cron:".length(), bar)));
  }

  private static ScheduleEntry scheduleEntry(Map<String, String> h) {
    return new ScheduleEntry(
        h.get("id"),
        h.get("owner"),
        h.get("name"),
        h.get("type"),
        h.get("cfg"),
        h.get("args"),
        Priority.ofWeight(Integer.parseInt(h.get("pri"))),
        schedule(h.get("sched")),
        MissedFirePolicy.valueOf(h.get("mfp")),
        "1".equals(h.get("enabled")),
        instant(h.get("nfa")),
        instant(h.get("lfa")),
        instant(h.get("cat")));
  }

  private static List<Map<String, String>> hashes(List<Object> reply) {
    List<Map<String, String>> rows = new ArrayList<>(reply.size());
    for (Object r : reply) {
      rows.add(Codec.hash(r));
    }
    return rows;
  }
}
