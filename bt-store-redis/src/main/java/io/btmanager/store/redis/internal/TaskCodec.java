package io.btmanager.store.redis.internal;

import static io.btmanager.store.redis.internal.Codec.emptyToNull;
import static io.btmanager.store.redis.internal.Codec.instant;
import static io.btmanager.store.redis.internal.Codec.micros;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
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

  /**
   * Appends a task to submit as the scripts read it ({@code read_new_task} in lib.lua): id, dedup
   * key, type, priority, state, due time, configuration, owner, field count, hash fields.
   */
  static void submitArgs(List<String> args, NewTask t) {
    List<String> fields = fields(t);
    args.add(t.id());
    args.add(t.dedupKey());
    args.add(t.type());
    args.add(Integer.toString(t.priority().weight()));
    args.add(t.state().name());
    args.add(Codec.orEmpty(micros(t.nextAttemptAt())));
    args.add(Codec.orEmpty(t.configurationId()));
    args.add(t.owner());
    args.add(Integer.toString(fields.size()));
    args.addAll(fields);
  }

  /**
   * What {@code submit_task} in lib.lua returned for {@code submitted}: {@code 1} and the joined
   * task, or {@code 0} and the new task's seq (the rest is what was submitted, its times as stored).
   */
  static SubmitResult submitted(NewTask submitted, Object joined, Object reply) {
    if (((Long) joined) == 1L) {
      return new SubmitResult(task(reply), true);
    }
    StoredTask created = StoredTask.created(submitted, (Long) reply, 1).toBuilder()
        .createdAt(instant(micros(submitted.createdAt())))
        .nextAttemptAt(instant(micros(submitted.nextAttemptAt())))
        .build();
    return new SubmitResult(created, false);
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
    return StoredTask.builder()
        .id(h.get("id"))
        .seq(Long.parseLong(h.get("seq")))
        .version(Long.parseLong(h.get("ver")))
        .type(h.get("type"))
        .name(h.get("name"))
        .description(h.get("desc"))
        .argumentsJson(h.get("args"))
        .dedupKey(h.get("dk"))
        .state(TaskState.valueOf(h.get("st")))
        .priority(Priority.ofWeight(Integer.parseInt(h.get("pri"))))
        .owners(owners)
        .link(link == null ? null : URI.create(link))
        .progress(
            new Progress(Long.parseLong(h.get("pd")), Long.parseLong(h.get("pt")), h.get("pm")))
        .createdAt(instant(h.get("cat")))
        .startedAt(instant(h.get("sat")))
        .finishedAt(instant(h.get("fat")))
        .resultJson(h.get("res"))
        .error(Codec.error(h.get("ek"), h.get("es"), h.get("ea"), h.get("er"), h.get("ed")))
        .attempt(Integer.parseInt(h.get("att")))
        .maxAttempts(Integer.parseInt(h.get("max")))
        .nextAttemptAt(instant(h.get("nat")))
        .configurationId(emptyToNull(h.get("cfg")))
        .scheduleEntryId(emptyToNull(h.get("se")))
        .leaseOwner(h.get("lo"))
        .leaseToken(h.get("lt"))
        .leaseExpiresAt(instant(h.get("lx")))
        .cancelRequested("1".equals(h.get("cr")))
        .build();
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
