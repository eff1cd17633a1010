package io.btmanager.store.redis.internal;

import static io.btmanager.store.redis.internal.Codec.emptyToNull;
import static io.btmanager.store.redis.internal.Codec.instant;
import static io.btmanager.store.redis.internal.Codec.micros;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * A task as a Redis hash (short field names; an absent field is null) plus its owners' set, and an
 * execution as one list element.
 */
final class TaskCodec {
  private TaskCodec() {}

  /** The hash fields of a new task, besides those the submit script sets. */
  static List<String> fields(NewTask t) {
    List<String> f = new ArrayList<>(32);
    put(f, "id", t.id());
    put(f, "type", t.type());
    put(f, "name", t.name());
    put(f, "desc", t.description());
    put(f, "args", t.argumentsJson());
    put(f, "dk", t.dedupKey());
    put(f, "st", t.state().name());
    put(f, "pri", Integer.toString(t.priority().weight()));
    put(f, "link", t.link() == null ? null : t.link().toString());
    put(f, "cat", micros(t.createdAt()));
    put(f, "max", Integer.toString(t.maxAttempts()));
    put(f, "nat", micros(t.nextAttemptAt()));
    put(f, "cfg", t.configurationId());
    put(f, "se", t.scheduleEntryId());
    return f;
  }

  /** Every hash field of a stored task but its version. */
  static List<String> fields(StoredTask t) {
    List<String> f = new ArrayList<>(64);
    put(f, "id", t.id());
    put(f, "seq", Long.toString(t.seq()));
    put(f, "type", t.type());
    put(f, "name", t.name());
    put(f, "desc", t.description());
    put(f, "args", t.argumentsJson());
    put(f, "dk", t.dedupKey());
    put(f, "st", t.state().name());
    put(f, "pri", Integer.toString(t.priority().weight()));
    put(f, "link", t.link() == null ? null : t.link().toString());
    put(f, "pd", Long.toString(t.progress().done()));
    put(f, "pt", Long.toString(t.progress().total()));
    put(f, "pm", t.progress().message());
    put(f, "cat", micros(t.createdAt()));
    put(f, "sat", micros(t.startedAt()));
    put(f, "fat", micros(t.finishedAt()));
    put(f, "res", t.resultJson());
    if (t.error() != null) {
      String[] e = Codec.error(t.error());
      put(f, "ek", e[0]);
      put(f, "es", e[1]);
      put(f, "ea", e[2]);
      put(f, "er", e[3]);
      put(f, "ed", e[4]);
    }
    put(f, "att", Integer.toString(t.attempt()));
    put(f, "max", Integer.toString(t.maxAttempts()));
    put(f, "nat", micros(t.nextAttemptAt()));
    put(f, "cfg", t.configurationId());
    put(f, "se", t.scheduleEntryId());
    put(f, "lo", t.leaseOwner());
    put(f, "lt", t.leaseToken());
    put(f, "lx", micros(t.leaseExpiresAt()));
    put(f, "cr", t.cancelRequested() ? "1" : null);
    return f;
  }

  /** Adds a field unless its value is null (or an empty time). */
  private static void put(List<String> f, String name, String value) {
    if (value != null) {
      f.add(name);
      f.add(value);
    }
  }

  /** A task from a script's {@code {HGETALL, SMEMBERS}} pair. */
  static StoredTask task(Object reply) {
    List<?> pair = (List<?>) reply;
    Map<String, String> h = Codec.hash(pair.get(0));
    HashSet<String> owners = new HashSet<>();
    for (Object o : (List<?>) pair.get(1)) {
      owners.add((String) o);
    }
    String link = h.get("link");
    return new StoredTask(
        h.get("id"),
        Long.parseLong(h.get("seq")),
        Long.parseLong(h.get("ver")),
        h.get("type"),
        h.get("name"),
        h.get("desc"),
        h.get("args"),
        h.get("dk"),
        TaskState.valueOf(h.get("st")),
        Priority.ofWeight(Integer.parseInt(h.get("pri"))),
        owners,
        link == null ? null : URI.create(link),
        new Progress(Long.parseLong(h.get("pd")), Long.parseLong(h.get("pt")), h.get("pm")),
        instant(h.get("cat")),
        instant(h.get("sat")),
        instant(h.get("fat")),
        h.get("res"),
        Codec.error(h.get("ek"), h.get("es"), h.get("ea"), h.get("er"), h.get("ed")),
        Integer.parseInt(h.get("att")),
        Integer.parseInt(h.get("max")),
        instant(h.get("nat")),
        emptyToNull(h.get("cfg")),
        emptyToNull(h.get("se")),
        h.get("lo"),
        h.get("lt"),
        instant(h.get("lx")),
        "1".equals(h.get("cr")));
  }

  static List<StoredTask> tasks(List<?> replies) {
    List<StoredTask> tasks = new ArrayList<>(replies.size());
    for (Object r : replies) {
      tasks.add(task(r));
    }
    return tasks;
  }

  static String execution(Execution e) {
    String[] error = Codec.error(e.error());
    return Codec.join(
        e.taskId(),
        Integer.toString(e.attempt()),
        e.configurationId(),
        e.node(),
        micros(e.startedAt()),
        micros(e.finishedAt()),
        e.outcome().name(),
        e.resultJson(),
        error[0],
        error[1],
        error[2],
        error[3],
        error[4]);
  }

  static Execution execution(String joined) {
    List<String> v = Codec.split(joined);
    TaskError error = Codec.error(v.get(8), v.get(9), v.get(10), v.get(11), v.get(12));
    return new Execution(
        v.get(0),
        Integer.parseInt(v.get(1)),
        v.get(2),
        v.get(3),
        instant(v.get(4)),
        instant(v.get(5)),
        ExecutionOutcome.valueOf(v.get(6)),
        v.get(7),
        error);
  }
}
