package io.btmanager.core.memory;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owner to the ids of the tasks that list them. An owner with a single task maps straight to its id
 * (no set allocated); more tasks share one concurrent set. Every change runs inside the map's
 * {@code compute} for that owner, so adds and removes never lose each other; readers see a weakly
 * consistent view and re-check ownership on the task itself.
 */
final class OwnerIndex {

  /** Values are a task id ({@link String}) or {@link Ids}. */
  private final ConcurrentHashMap<String, Object> byOwner = new ConcurrentHashMap<>();

  void add(String owner, String id) {
    byOwner.compute(owner, (k, value) -> {
      if (value == null) {
        return id;
      }
      if (value instanceof String single) {
        if (single.equals(id)) {
          return single;
        }
        Ids ids = new Ids();
        ids.set.add(single);
        ids.set.add(id);
        return ids;
      }
      ((Ids) value).set.add(id);
      return value;
    });
  }

  void remove(String owner, String id) {
    byOwner.computeIfPresent(owner, (k, value) -> {
      if (value instanceof String single) {
        return single.equals(id) ? null : single;
      }
      Ids ids = (Ids) value;
      ids.set.remove(id);
      return ids.set.isEmpty() ? null : ids;
    });
  }

  /** Applies the difference between two owner sets of task {@code id}. */
  void update(String id, Set<String> before, Set<String> after) {
    if (before.equals(after)) {
      return;
    }
    for (String owner : after) {
      if (!before.contains(owner)) {
        add(owner, id);
      }
    }
    for (String owner : before) {
      if (!after.contains(owner)) {
        remove(owner, id);
      }
    }
  }

  /** The ids indexed under {@code owner}: a weakly consistent view. */
  Collection<String> ids(String owner) {
    Object value = byOwner.get(owner);
    if (value == null) {
      return List.of();
    }
    return value instanceof String single ? List.of(single) : ((Ids) value).set;
  }

  private static final class Ids {
    final Set<String> set = ConcurrentHashMap.newKeySet();
  }
}
