package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.btmanager.core.TaskType;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;

/** Configurations, schedule entries and task types as JSON. */
final class CatalogJson {
  private CatalogJson() {}

  static ObjectNode configuration(Configuration c) {
    ObjectNode n = Mapper.object();
    n.put("id", c.id());
    n.put("name", c.name());
    n.put("type", c.type());
    TaskJson.raw(n, "arguments", c.argumentsJson());
    TaskJson.time(n, "createdAt", c.createdAt());
    TaskJson.time(n, "updatedAt", c.updatedAt());
    return n;
  }

  static ObjectNode schedule(ScheduleEntry e) {
    ObjectNode n = Mapper.object();
    n.put("id", e.id());
    n.put("name", e.name());
    n.put("type", e.type());
    n.put("configurationId", e.configurationId());
    TaskJson.raw(n, "arguments", e.argumentsJson());
    n.put("priority", e.priority().name());
    ObjectNode s = n.putObject("schedule");
    if (e.schedule() instanceof Schedule.Every every) {
      s.put("everySeconds", every.period().toSeconds());
    } else if (e.schedule() instanceof Schedule.Cron cron) {
      s.put("cron", cron.expression());
      s.put("zone", cron.zone().getId());
    }
    n.put("missedFirePolicy", e.missedFirePolicy().name());
    n.put("enabled", e.enabled());
    TaskJson.time(n, "nextFireAt", e.nextFireAt());
    TaskJson.time(n, "lastFiredAt", e.lastFiredAt());
    TaskJson.time(n, "createdAt", e.createdAt());
    return n;
  }

  static ObjectNode type(TaskType t, boolean submittable) {
    ObjectNode n = Mapper.object();
    n.put("name", t.name());
    n.put("defaultPriority", t.defaultPriority().name());
    n.put("maxAttempts", t.maxAttempts());
    n.put("timeout", t.timeout() == null ? null : t.timeout().toString());
    n.put("submittable", submittable);
    n.set("argumentsSchema", Mapper.tree(t.argumentsSchema()));
    return n;
  }
}
