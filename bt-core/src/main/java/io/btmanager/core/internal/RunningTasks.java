package io.btmanager.core.internal;

import io.btmanager.core.task.Progress;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks running on this node, by id. */
final class RunningTasks {
  private final ConcurrentHashMap<String, RunningTask> byId = new ConcurrentHashMap<>();

  void add(RunningTask t) {
    byId.put(t.taskId(), t);
  }

  void remove(RunningTask t) {
    byId.remove(t.taskId(), t);
  }

  RunningTask get(String id) {
    return byId.get(id);
  }

  /** The live progress of a task running here, or null. */
  Progress progressOf(String id) {
    RunningTask t = byId.get(id);
    return t == null ? null : t.progress;
  }

  Collection<RunningTask> all() {
    return byId.values();
  }

  /** Task id to lease token of every running task. */
  Map<String, String> tokens() {
    Map<String, String> m = new HashMap<>();
    byId.forEach((id, t) -> m.put(id, t.claim.leaseToken()));
    return m;
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }
}
