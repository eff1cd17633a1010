package io.btmanager.web.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskResult;
import io.btmanager.core.query.Page;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tasks as JSON. A user's view says whether a task is shared and by how many, never the other
 * owners' names nor an error's technical detail; the admin view shows both.
 */
final class TaskJson {
  private TaskJson() {}

  /**
   * A task as JSON, written straight to the generator when serialised: a page of tasks is never
   * built as a tree of nodes first. It can still be set in a tree ({@code putPOJO}).
   */
  static JsonSerializable task(Task t, boolean admin) {
    return new Written(g -> write(g, t, admin));
  }

  /** A listing's page: {@code items}, {@code offset}, {@code limit}, {@code total}, {@code hasNext}. */
  static JsonSerializable page(Page<Task> page, boolean admin) {
    return new Written(g -> {
      g.writeStartObject();
      g.writeFieldName("items");
      g.writeStartArray();
      for (Task t : page.items()) {
        write(g, t, admin);
      }
      g.writeEndArray();
      g.writeNumberField("offset", page.offset());
      g.writeNumberField("limit", page.limit());
      g.writeNumberField("total", page.total());
      g.writeBooleanField("hasNext", page.hasNext());
      g.writeEndObject();
    });
  }

  static JsonSerializable tasks(List<Task> tasks, boolean admin) {
    return new Written(g -> {
      g.writeStartArray();
      for (Task t : tasks) {
        write(g, t, admin);
      }
      g.writeEndArray();
    });
  }

  private static void write(JsonGenerator g, Task t, boolean admin) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", t.id());
    g.writeStringField("type", t.type());
    g.writeStringField("name", t.name());
    g.writeStringField("description", t.description() == null ? "" : t.description());
    raw(g, "arguments", t.argumentsJson());
    g.writeStringField("state", t.state().name());
    g.writeBooleanField("active", t.isActive());
    g.writeStringField("priority", t.priority() == null ? null : t.priority().name());
    g.writeBooleanField("shared", t.isShared());
    g.writeNumberField("ownerCount", t.owners().size());
    if (admin) {
      g.writeFieldName("owners");
      g.writeStartArray();
      for (String owner : new TreeSet<>(t.owners())) {
        g.writeString(owner);
      }
      g.writeEndArray();
    }
    g.writeStringField("link", link(t.link()));
    g.writeFieldName("progress");
    g.writeStartObject();
    g.writeNumberField("done", t.progress().done());
    g.writeNumberField("total", t.progress().total());
    g.writeNumberField("percent", t.progress().percent());
    g.writeStringField("message", t.progress().message());
    g.writeEndObject();
    time(g, "createdAt", t.createdAt());
    time(g, "startedAt", t.startedAt());
    time(g, "finishedAt", t.finishedAt());
    time(g, "nextAttemptAt", t.nextAttemptAt());
    raw(g, "result", t.resultJson());
    error(g, t.error(), admin);
    g.writeNumberField("attempt", t.attempt());
    g.writeNumberField("maxAttempts", t.maxAttempts());
    g.writeStringField("configurationId", t.configurationId());
    g.writeStringField("scheduleEntryId", t.scheduleEntryId());
    g.writeFieldName("queuePosition");
    if (t.queuePosition() < 0) {
      g.writeNull();
    } else {
      g.writeNumber(t.queuePosition());
    }
    time(g, "eta", t.eta());
    g.writeNumberField("groupSize", t.groupSize());
    g.writeStringField("groupKey", t.dedupKey());
    g.writeEndObject();
  }

  private static void error(JsonGenerator g, TaskError e, boolean admin) throws IOException {
    g.writeFieldName("error");
    if (e == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("kind", e.kind().name());
    g.writeStringField("summary", e.summary());
    g.writeStringField("action", e.action());
    g.writeBooleanField("retryable", e.retryable());
    if (admin) {
      g.writeStringField("detail", e.detail());
    }
    g.writeEndObject();
  }

  private static void time(JsonGenerator g, String field, Instant t) throws IOException {
    g.writeStringField(field, t == null ? null : IsoTime.format(t));
  }

  private static void raw(JsonGenerator g, String field, String json) throws IOException {
    g.writeFieldName(field);
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(json);
    }
  }

  /** What a {@link Written} writes. */
  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  /** JSON that writes itself to Jackson's generator, at the top level or inside a tree. */
  private record Written(Writer writer) implements JsonSerializable {
    @Override
    public void serialize(JsonGenerator g, SerializerProvider serializers) throws IOException {
      writer.write(g);
    }

    @Override
    public void serializeWithType(
        JsonGenerator g, SerializerProvider serializers, TypeSerializer typeSer)
        throws IOException {
      writer.write(g);
    }
  }

  static ObjectNode result(TaskResult r, boolean admin) {
    ObjectNode n = Mapper.object();
    n.put("taskId", r.taskId());
    n.put("outcome", r.outcome().name());
    if (r.task() == null) {
      n.putNull("task");
    } else {
      n.putPOJO("task", task(r.task(), admin));
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
      n.put(field, IsoTime.format(t));
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
