package io.btmanager.store.redis.internal;

import static io.btmanager.store.redis.internal.Codec.micros;
import static io.btmanager.store.redis.internal.Codec.orEmpty;

import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.TaskError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Task records: submit-or-join, reads, the named changes a user's call makes (each guarded by the
 * version the core read), deletes, executions, purge. One script per call.
 */
public final class TaskRecords implements io.btmanager.core.spi.TaskRecords {
  private final Redis redis;
  private final RedisKeys keys;

  public TaskRecords(Redis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  @Override
  public SubmitResult submit(NewTask task) {
    return submitAll(List.of(task)).get(0);
  }

  /** All in one script: checked first (configurations, ids), so a refused batch writes nothing. */
  @Override
  public List<SubmitResult> submitAll(List<NewTask> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>(tasks.size() * 40);
    args.add(Integer.toString(tasks.size()));
    for (NewTask t : tasks) {
      TaskCodec.submitArgs(args, t);
    }
    List<Object> reply = redis.list("submit tasks", Script.SUBMIT, args.toArray(String[]::new));
    List<SubmitResult> results = new ArrayList<>(reply.size());
    for (int i = 0; i < reply.size(); i++) {
      List<?> pair = (List<?>) reply.get(i);
      results.add(TaskCodec.submitted(tasks.get(i), pair.get(0), pair.get(1)));
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

  /** The owner's tasks (every task when null), for the core to filter, collapse and sort. */
  @Override
  public List<StoredTask> tasksOf(String owner) {
    return TaskCodec.tasks(
        owner == null
            ? redis.list("read tasks", Script.LOAD, "all")
            : redis.list("read tasks", Script.LOAD, "owner", owner));
  }

  public OptionalLong queuePosition(String id) {
    Long position = queuePositions(List.of(id)).get(id);
    return position == null ? OptionalLong.empty() : OptionalLong.of(position);
  }

  /** The positions of the runnable ones among {@code ids}: one script of ZRANKs. */
  public Map<String, Long> queuePositions(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<String> order = List.copyOf(ids);
    List<Object> ranks =
        redis.list("compute queue positions", Script.POSITIONS, order.toArray(String[]::new));
    Map<String, Long> positions = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      if (ranks.get(i) instanceof Long rank) {
        positions.put(order.get(i), rank);
      }
    }
    return positions;
  }

  public boolean detachOwner(String id, long version, String owner) {
    return redis.number("detach an owner", Script.DETACH_OWNER, id, Long.toString(version), owner)
        == 1;
  }

  public boolean requestCancel(String id, long version) {
    return redis.number("request a cancel", Script.REQUEST_CANCEL, id, Long.toString(version)) == 1;
  }

  public boolean cancelWaiting(String id, long version, TaskError error) {
    String[] e = Codec.error(error);
    return redis.number(
            "cancel a waiting task",
            Script.CANCEL_WAITING,
            id,
            Long.toString(version),
            e[0],
            e[1],
            e[2],
            e[3],
            e[4])
        == 1;
  }

  public boolean editDetails(DetailsEdit edit) {
    return redis.number(
            "edit a task's details",
            Script.EDIT_DETAILS,
            edit.id(),
            Long.toString(edit.version()),
            edit.name(),
            edit.description(),
            orEmpty(edit.link()),
            Integer.toString(edit.priority().weight()))
        == 1;
  }

  public boolean delete(String id, long version) {
    return redis.number("delete a task", Script.DELETE, id, Long.toString(version)) == 1;
  }

  public int purgeFinishedBefore(Instant cutoff, int max) {
    if (max <= 0) {
      return 0;
    }
    return (int)
        redis.number("purge finished tasks", Script.PURGE, micros(cutoff), Integer.toString(max));
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
