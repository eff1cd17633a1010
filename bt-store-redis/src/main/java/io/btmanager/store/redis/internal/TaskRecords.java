package io.btmanager.store.redis.internal;

import static io.btmanager.store.redis.internal.Codec.micros;
import static io.btmanager.store.redis.internal.Codec.orEmpty;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Execution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Task records: submit-or-join, reads, compare-and-set writes, deletes, executions, purge. */
public final class TaskRecords {
  private static final int PURGE_BATCH = 500;

  private final Redis redis;
  private final RedisKeys keys;

  public TaskRecords(Redis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  public List<SubmitResult> submit(List<NewTask> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>(tasks.size() * 40);
    args.add(Integer.toString(tasks.size()));
    for (NewTask t : tasks) {
      List<String> fields = TaskCodec.fields(t);
      args.add(t.id());
      args.add(t.dedupKey());
      args.add(t.type());
      args.add(Integer.toString(t.priority().weight()));
      args.add(t.state().name());
      args.add(orEmpty(micros(t.nextAttemptAt())));
      args.add(orEmpty(t.configurationId()));
      args.add(t.owner());
      args.add(Integer.toString(fields.size()));
      args.addAll(fields);
    }
    List<Object> reply = redis.list("submit tasks", Script.SUBMIT, args.toArray(String[]::new));
    List<SubmitResult> results = new ArrayList<>(reply.size());
    for (Object r : reply) {
      List<?> pair = (List<?>) r;
      results.add(new SubmitResult(TaskCodec.task(pair.get(1)), ((Long) pair.get(0)) == 1L));
    }
    return results;
  }

  public Optional<StoredTask> find(String id) {
    List<StoredTask> found = findAll(List.of(id));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public List<StoredTask> findAll(Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    String[] args = new String[ids.size() + 1];
    args[0] = "ids";
    int i = 1;
    for (String id : ids) {
      args[i++] = id;
    }
    return TaskCodec.tasks(redis.list("read tasks", Script.LOAD, args));
  }

  /** Every task of {@code owner}, or every task when null. */
  public List<StoredTask> ofOwner(String owner) {
    return TaskCodec.tasks(
        owner == null
            ? redis.list("read tasks", Script.LOAD, "all")
            : redis.list("read tasks", Script.LOAD, "owner", owner));
  }

  public OptionalLong queuePosition(String id) {
    Long rank = redis.eval(
        "compute a queue position", Script.POSITION, io.lettuce.core.ScriptOutputType.INTEGER, id);
    return rank == null ? OptionalLong.empty() : OptionalLong.of(rank);
  }

  public boolean replace(StoredTask expected, StoredTask updated, Execution execution) {
    if (!expected.id().equals(updated.id())
        || expected.seq() != updated.seq()
        || !expected.type().equals(updated.type())
        || !expected.argumentsJson().equals(updated.argumentsJson())
        || !expected.dedupKey().equals(updated.dedupKey())) {
      throw new IllegalArgumentException("replace may not change id, seq, type, arguments or "
          + "dedup key of task " + expected.id());
    }
    List<String> args = new ArrayList<>(80);
    args.add(updated.id());
    args.add(Long.toString(expected.version()));
    args.add(updated.state().name());
    args.add(Integer.toString(updated.priority().weight()));
    args.add(orEmpty(micros(updated.nextAttemptAt())));
    args.add(orEmpty(micros(updated.leaseExpiresAt())));
    args.add(orEmpty(micros(updated.finishedAt())));
    args.add(orEmpty(updated.configurationId()));
    args.add(execution == null ? "" : TaskCodec.execution(execution));
    args.add(Integer.toString(updated.owners().size()));
    args.addAll(updated.owners());
    args.addAll(TaskCodec.fields(updated));
    return redis.number("replace a task", Script.REPLACE, args.toArray(String[]::new)) == 1;
  }

  public boolean delete(StoredTask expected) {
    return redis.number(
            "delete a task", Script.DELETE, expected.id(), Long.toString(expected.version()))
        == 1;
  }

  public int purgeFinishedBefore(java.time.Instant cutoff) {
    int purged = 0;
    long batch;
    do {
      batch = redis.number(
          "purge finished tasks", Script.PURGE, micros(cutoff), Integer.toString(PURGE_BATCH));
      purged += (int) batch;
    } while (batch == PURGE_BATCH);
    return purged;
  }

  public List<Execution> executions(String taskId) {
    List<String> encoded =
        redis.call("read executions", c -> c.lrange(keys.executions(taskId), 0, -1));
    List<Execution> executions = new ArrayList<>(encoded.size());
    for (String e : encoded) {
      executions.add(TaskCodec.execution(e));
    }
    return executions;
  }
}
