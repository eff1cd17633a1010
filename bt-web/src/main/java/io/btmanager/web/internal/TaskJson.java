package io.btmanager.web.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
    str(g, F.ID, t.id());
    str(g, F.TYPE, t.type());
    str(g, F.NAME, t.name());
    str(g, F.DESCRIPTION, t.description() == null ? "" : t.description());
    raw(g, F.ARGUMENTS, t.argumentsJson());
    str(g, F.STATE, t.state().name());
    bool(g, F.ACTIVE, t.isActive());
    str(g, F.PRIORITY, t.priority() == null ? null : t.priority().name());
    bool(g, F.SHARED, t.isShared());
    num(g, F.OWNER_COUNT, t.owners().size());
    if (admin) {
      g.writeFieldName(F.OWNERS);
      g.writeStartArray();
      for (String owner : new TreeSet<>(t.owners())) {
        g.writeString(owner);
      }
      g.writeEndArray();
    }
    str(g, F.LINK, link(t.link()));
    g.writeFieldName(F.PROGRESS);
    g.writeStartObject();
    num(g, F.DONE, t.progress().done());
    num(g, F.TOTAL, t.progress().total());
    num(g, F.PERCENT, t.progress().percent());
    str(g, F.MESSAGE, t.progress().message());
    g.writeEndObject();
    time(g, F.CREATED_AT, t.createdAt());
    time(g, F.STARTED_AT, t.startedAt());
    time(g, F.FINISHED_AT, t.finishedAt());
    time(g, F.NEXT_ATTEMPT_AT, t.nextAttemptAt());
    raw(g, F.RESULT, t.resultJson());
    error(g, t.error(), admin);
    num(g, F.ATTEMPT, t.attempt());
    num(g, F.MAX_ATTEMPTS, t.maxAttempts());
    str(g, F.CONFIGURATION_ID, t.configurationId());
    str(g, F.SCHEDULE_ENTRY_ID, t.scheduleEntryId());
    g.writeFieldName(F.QUEUE_POSITION);
    if (t.queuePosition() < 0) {
      g.writeNull();
    } else {
      g.writeNumber(t.queuePosition());
    }
    time(g, F.ETA, t.eta());
    num(g, F.GROUP_SIZE, t.groupSize());
    str(g, F.GROUP_KEY, t.dedupKey());
    g.writeEndObject();
  }

  private static void error(JsonGenerator g, TaskError e, boolean admin) throws IOException {
    g.writeFieldName(F.ERROR);
    if (e == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    str(g, F.KIND, e.kind().name());
    str(g, F.SUMMARY, e.summary());
    str(g, F.ACTION, e.action());
    bool(g, F.RETRYABLE, e.retryable());
    if (admin) {
      str(g, F.DETAIL, e.detail());
    }
    g.writeEndObject();
  }

  private static void time(JsonGenerator g, SerializableString field, Instant t)
      throws IOException {
    str(g, field, t == null ? null : IsoTime.format(t));
  }

  private static void raw(JsonGenerator g, SerializableString field, String json)
      throws IOException {
    g.writeFieldName(field);
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(json);
    }
  }

  private static void str(JsonGenerator g, SerializableString field, String value)
      throws IOException {
    g.writeFieldName(field);
    g.writeString(value);
  }

  private static void num(JsonGenerator g, SerializableString field, long value)
      throws IOException {
    g.writeFieldName(field);
    g.writeNumber(value);
  }

  private static void bool(JsonGenerator g, SerializableString field, boolean value)
      throws IOException {
    g.writeFieldName(field);
    g.writeBoolean(value);
  }

  /**
   * The field names of a task's JSON, encoded once: the generator copies their bytes instead of
   * escaping them again for every task of every page.
   */
  private static final class F {
    static final SerializableString ACTION = new SerializedString("action");
    static final SerializableString ACTIVE = new SerializedString("active");
    static final SerializableString ARGUMENTS = new SerializedString("arguments");
    static final SerializableString ATTEMPT = new SerializedString("attempt");
    static final SerializableString CONFIGURATION_ID = new SerializedString("configurationId");
    static final SerializableString CREATED_AT = new SerializedString("createdAt");
    static final SerializableString DESCRIPTION = new SerializedString("description");
    static final SerializableString DETAIL = new SerializedString("detail");
    static final SerializableString DONE = new SerializedString("done");
    static final SerializableString ERROR = new SerializedString("error");
    static final SerializableString ETA = new SerializedString("eta");
    static final SerializableString FINISHED_AT = new SerializedString("finishedAt");
    static final SerializableString GROUP_KEY = new SerializedString("groupKey");
    static final SerializableString GROUP_SIZE = new SerializedString("groupSize");
    static final SerializableString ID = new SerializedString("id");
    static final SerializableString KIND = new SerializedString("kind");
    static final SerializableString LINK = new SerializedString("link");
    static final SerializableString MAX_ATTEMPTS = new SerializedString("maxAttempts");
    static final SerializableString MESSAGE = new SerializedString("message");
    static final SerializableString NAME = new SerializedString("name");
    static final SerializableString NEXT_ATTEMPT_AT = new SerializedString("nextAttemptAt");
    static final SerializableString OWNER_COUNT = new SerializedString("ownerCount");
    static final SerializableString OWNERS = new SerializedString("owners");
    static final SerializableString PERCENT = new SerializedString("percent");
    static final SerializableString PRIORITY = new SerializedString("priority");
    static final SerializableString PROGRESS = new SerializedString("progress");
    static final SerializableString QUEUE_POSITION = new SerializedString("queuePosition");
    static final SerializableString RESULT = new SerializedString("result");
    static final SerializableString RETRYABLE = new SerializedString("retryable");
    static final SerializableString SCHEDULE_ENTRY_ID = new SerializedString("scheduleEntryId");
    static final SerializableString SHARED = new SerializedString("shared");
    static final SerializableString STARTED_AT = new SerializedString("startedAt");
    static final SerializableString STATE = new SerializedString("state");
    static final SerializableString SUMMARY = new SerializedString("summary");
    static final SerializableString TOTAL = new SerializedString("total");
    static final SerializableString TYPE = new SerializedString("type");

    private F() {}
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
