package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskResult;
import io.btmanager.core.query.Page;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tasks as JSON. A user's view says whether a task is shared and by how many, never the other
 * owners' names nor an error's technical detail; the admin view shows both.
 */
final class TaskJson {
  private TaskJson() {}

  static ObjectNode task(Task t, boolean admin) {
    ObjectNode n = Mapper.object();
    n.put("id", t.id());
    n.put("type", t.type());
    n.put("name", t.name());
    n.put("description", t.description() == null ? "" : t.description());
    raw(n, "arguments", t.argumentsJson());
    n.put("state", t.state().name());
    n.put("active", t.isActive());
    n.put("priority", t.priority() == null ? null : t.priority().name());
    n.put("shared", t.isShared());
    n.put("ownerCount", t.owners().size());
    if (admin) {
      ArrayNode owners = n.putArray("owners");
      t.owners().stream().sorted().forEach(owners::add);
    }
    n.put("link", link(t.link()));
    ObjectNode p = n.putObject("progress");
    p.put("done", t.progress().done());
    p.put("total", t.progress().total());
    p.put("percent", t.progress().percent());
    p.put("message", t.progress().message());
    time(n, "createdAt", t.createdAt());
    time(n, "startedAt", t.startedAt());
    time(n, "finishedAt", t.finishedAt());
    time(n, "nextAttemptAt", t.nextAttemptAt());
    raw(n, "result", t.resultJson());
    error(n, t.error(), admin);
    n.put("attempt", t.attempt());
    n.put("maxAttempts", t.maxAttempts());
    n.put("configurationId", t.configurationId());
    n.put("scheduleEntryId", t.scheduleEntryId());
    if (t.queuePosition() < 0) {
      n.putNull("queuePosition");
    } else {
      n.put("queuePosition", t.queuePosition());
    }
    time(n, "eta", t.eta());
    n.put("groupSize", t.groupSize());
    n.put("groupKey", t.dedupKey());
    return n;
  }

  static ObjectNode page(Page<Task> page, boolean admin) {
    ObjectNode n = Mapper.object();
    ArrayNode items = n.putArray("items");
    for (Task t : page.items()) {
      items.add(task(t, admin));
    }
    n.put("offset", page.offset());
    n.put("limit", page.limit());
    n.put("total", page.total());
    n.put("hasNext", page.hasNext());
    return n;
  }

  static ArrayNode tasks(List<Task> tasks, boolean admin) {
    ArrayNode a = Mapper.JSON.createArrayNode();
    tasks.forEach(t -> a.add(task(t, admin)));
    return a;
  }

  static ObjectNode result(TaskResult r, boolean admin) {
    ObjectNode n = Mapper.object();
    n.put("taskId", r.taskId());
    n.put("outcome", r.outcome().name());
    if (r.task() == null) {
      n.putNull("task");
    } else {
      n.set("task", task(r.task(), admin));
    }
    return n;
  }

  static ObjectNode bulk(BulkResult b, boolean admin) {
    ObjectNode n = Mapper.object();
    ArrayNode results = n.putArray("results");
    b.results().forEach(r -> results.add(result(r, admin)));
    ObjectNode summary = n.putObject("summary");
    Map<String, Long> counts = new TreeMap<>();
    b.summary().forEach((k, v) -> counts.put(k.name(), v));
    counts.forEach(summary::put);
    return n;
  }

  static ObjectNode execution(Execution e, boolean admin) {
    ObjectNode n = Mapper.object();
    n.put("attempt", e.attempt());
    n.put("configurationId", e.configurationId());
    if (admin) {
      n.put("node", e.node()); // a host name: for operators, not for end users
    }
    time(n, "startedAt", e.startedAt());
    time(n, "finishedAt", e.finishedAt());
    n.put("outcome", e.outcome().name());
    raw(n, "result", e.resultJson());
    error(n, e.error(), admin);
    return n;
  }

  private static void error(ObjectNode n, TaskError e, boolean admin) {
    if (e == null) {
      n.putNull("error");
      return;
    }
    ObjectNode o = n.putObject("error");
    o.put("kind", e.kind().name());
    o.put("summary", e.summary());
    o.put("action", e.action());
    o.put("retryable", e.retryable());
    if (admin) {
      o.put("detail", e.detail());
    }
  }

  /** Only http(s) links are shown; anything else a store might hold is left out. */
  private static String link(URI u) {
    if (u == null || u.getScheme() == null) {
      return null;
    }
    String s = u.getScheme().toLowerCase(java.util.Locale.ROOT);
    return s.equals("http") || s.equals("https") ? u.toString() : null;
  }

  static void time(ObjectNode n, String field, Instant t) {
    if (t == null) {
      n.putNull(field);
    } else {
      n.put(field, t.toString());
    }
  }

  /** The core's canonical JSON, embedded as it is (no parse per task). */
  static void raw(ObjectNode n, String field, String json) {
    if (json == null) {
      n.putNull(field);
    } else {
      n.putRawValue(field, new RawValue(json));
    }
  }
}
