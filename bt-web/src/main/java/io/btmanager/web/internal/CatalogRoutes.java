package io.btmanager.web.internal;

import static io.btmanager.web.internal.Route.Need.READ;
import static io.btmanager.web.internal.Route.Need.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.btmanager.core.ScheduleOptions;
import io.btmanager.core.UserConfigurations;
import io.btmanager.core.UserSchedules;
import io.btmanager.core.exception.InvalidScheduleException;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The whole of a user's configurations and schedule entries. */
final class CatalogRoutes {
  private static final Set<String> SAVE = Set.of("type", "name", "arguments");
  private static final Set<String> PATCH_CONFIG = Set.of("name", "arguments");
  private static final Set<String> CREATE = Set.of(
      "type",
      "arguments",
      "configurationId",
      "overrides",
      "schedule",
      "name",
      "priority",
      "missedFirePolicy");
  private static final Set<String> PATCH_SCHEDULE = Set.of("schedule", "enabled");
  private static final Set<String> SCHEDULE = Set.of("everySeconds", "cron", "zone");

  private CatalogRoutes() {}

  static List<Route> routes() {
    return List.of(
        new Route(
            "GET",
            "/configurations",
            READ,
            c -> Reply.ok(
                array(configs(c).list().stream().map(CatalogJson::configuration).toList()))),
        new Route("POST", "/configurations", WRITE, CatalogRoutes::save),
        new Route("POST", "/configurations/delete-unused", WRITE, c -> {
          ObjectNode n = Mapper.object();
          configs(c).deleteUnused().forEach(n.putArray("deleted")::add);
          if (!n.has("deleted")) {
            n.putArray("deleted");
          }
          return Reply.ok(n);
        }),
        new Route(
            "GET",
            "/configurations/{id}",
            READ,
            c -> Reply.ok(CatalogJson.configuration(configs(c).get(c.param("id"))))),
        new Route("PATCH", "/configurations/{id}", WRITE, CatalogRoutes::patchConfiguration),
        new Route("DELETE", "/configurations/{id}", WRITE, c -> {
          configs(c).delete(c.param("id"));
          return Reply.noContent();
        }),
        new Route(
            "GET",
            "/schedules",
            READ,
            c -> Reply.ok(
                array(schedules(c).list().stream().map(CatalogJson::schedule).toList()))),
        new Route("POST", "/schedules", WRITE, CatalogRoutes::create),
        new Route("DELETE", "/schedules", WRITE, c -> {
          ObjectNode n = Mapper.object();
          n.put("deleted", schedules(c).deleteAll());
          return Reply.ok(n);
        }),
        new Route(
            "GET",
            "/schedules/{id}",
            READ,
            c -> Reply.ok(CatalogJson.schedule(schedules(c).get(c.param("id"))))),
        new Route("PATCH", "/schedules/{id}", WRITE, CatalogRoutes::patchSchedule),
        new Route("DELETE", "/schedules/{id}", WRITE, c -> {
          schedules(c).delete(c.param("id"));
          return Reply.noContent();
        }));
  }

  private static UserConfigurations configs(Call c) {
    return c.tasks().configurations();
  }

  private static UserSchedules schedules(Call c) {
    return c.tasks().schedules();
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode array(List<ObjectNode> items) {
    return Mapper.JSON.createArrayNode().addAll(items);
  }

  private static Reply save(Call c) {
    Body b = Body.of(c.body(), SAVE);
    String type = b.requiredText("type", "a registered task type's name");
    String name = b.requiredText("name", "1 to 200 characters");
    Configuration saved = configs(c).saveJson(type, name, arguments(b, "arguments"));
    return Reply.created("/configurations/" + saved.id(), CatalogJson.configuration(saved));
  }

  private static Reply patchConfiguration(Call c) {
    Body b = Body.of(c.body(), PATCH_CONFIG);
    String id = c.param("id");
    Configuration result = configs(c).get(id);
    if (b.has("arguments")) {
      result = configs(c).updateJson(id, arguments(b, "arguments"));
    }
    String name = b.text("name");
    if (name != null) {
      result = configs(c).rename(id, name);
    }
    return Reply.ok(CatalogJson.configuration(result));
  }

  private static String arguments(Body b, String field) {
    JsonNode n = b.node(field);
    if (n == null || n.isNull()) {
      throw b.bad(field, "is missing", "the task type's arguments as JSON (its argumentsSchema)");
    }
    return n.toString();
  }

  private static Reply create(Call c) {
    Body b = Body.of(c.body(), CREATE);
    Schedule schedule = schedule(b.node("schedule"));
    var priority = b.priority("priority");
    String name = b.text("name");
    String policy = b.text("missedFirePolicy");
    MissedFirePolicy missed = policy == null ? null : policy(b, policy);
    Consumer<ScheduleOptions> options = o -> {
      if (name != null) {
        o.name(name);
      }
      if (priority != null) {
        o.priority(priority);
      }
      if (missed != null) {
        o.missedFirePolicy(missed);
      }
    };
    ScheduleEntry e;
    if (b.has("configurationId")) {
      String id = b.requiredText("configurationId", "a configuration id");
      TaskRoutes.requireSubmittable(c, configs(c).get(id).type());
      e = schedules(c).createFromConfiguration(id, b.map("overrides"), schedule, options);
    } else {
      String type = b.requiredText("type", "a registered task type's name");
      TaskRoutes.requireSubmittable(c, type);
      e = schedules(c).createJson(type, arguments(b, "arguments"), schedule, options);
    }
    return Reply.created("/schedules/" + e.id(), CatalogJson.schedule(e));
  }

  private static MissedFirePolicy policy(Body b, String s) {
    try {
      return MissedFirePolicy.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw b.bad("missedFirePolicy", "is '" + s + "'", "FIRE_ONCE or SKIP");
    }
  }

  private static Reply patchSchedule(Call c) {
    Body b = Body.of(c.body(), PATCH_SCHEDULE);
    String id = c.param("id");
    ScheduleEntry e = schedules(c).get(id);
    if (b.has("schedule")) {
      e = schedules(c).reschedule(id, schedule(b.node("schedule")));
    }
    Boolean enabled = b.bool("enabled");
    if (enabled != null) {
      e = enabled ? schedules(c).enable(id) : schedules(c).disable(id);
    }
    return Reply.ok(CatalogJson.schedule(e));
  }

  /** {"everySeconds": n} or {"cron": "...", "zone": "..."}; the core checks the expression. */
  static Schedule schedule(JsonNode node) {
    String accepted = "{\"everySeconds\": 60} or {\"cron\": \"0 3 * * *\", \"zone\": \"UTC\"}";
    if (node == null || node.isNull()) {
      throw ApiProblem.badInput("invalid-input", "schedule", "is missing", accepted);
    }
    Body s = Body.of(node, SCHEDULE, "schedule.");
    Long every = s.integer("everySeconds");
    String cron = s.text("cron");
    if ((every == null) == (cron == null)) {
      throw s.bad("everySeconds", "exactly one of everySeconds and cron is needed", accepted);
    }
    try {
      if (every != null) {
        return Schedule.everySeconds(every);
      }
      String zone = s.text("zone");
      ZoneId z;
      try {
        z = zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw s.bad("zone", "is '" + zone + "'", "a time zone id, e.g. Europe/Paris or UTC");
      }
      return Schedule.cron(cron, z);
    } catch (InvalidScheduleException e) {
      throw ApiProblem.badInput("invalid-input", "schedule." + e.field(), "is wrong", e.accepted());
    }
  }
}
