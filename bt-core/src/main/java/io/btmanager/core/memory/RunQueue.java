package io.btmanager.core.memory;

import io.btmanager.core.task.Priority;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runnable tasks: for each task type one {@link Lane} per priority, each guarded by its own
 * monitor (never two at once). A claim takes only the types its node runs, so the lanes are kept per
 * type: the next task of a set of types is the smallest head among their lanes of the highest
 * priority. A queue position counts every type (rule 6). Callers hold the task's cell monitor when
 * adding or removing it, so a cell's queue membership changes only under both its cell lock and its
 * lane lock.
 */
final class RunQueue {

  private final int blockSize;
  private final ConcurrentHashMap<String, List<Lane<TaskCell>>> byType = new ConcurrentHashMap<>();

  RunQueue() {
    this(Lane.DEFAULT_BLOCK_SIZE);
  }

  RunQueue(int blockSize) {
    this.blockSize = blockSize;
  }

  private List<Lane<TaskCell>> lanes(String type) {
    return byType.computeIfAbsent(type, t -> {
      List<Lane<TaskCell>> made = new ArrayList<>();
      for (int i = 0; i < Priority.values().length; i++) {
        made.add(new Lane<>(blockSize));
      }
      return List.copyOf(made);
    });
  }

  void add(String type, Priority priority, long seq, TaskCell cell) {
    Lane<TaskCell> lane = lanes(type).get(priority.weight());
    synchronized (lane) {
      lane.add(seq, cell);
    }
  }

  boolean remove(String type, Priority priority, long seq) {
    Lane<TaskCell> lane = lanes(type).get(priority.weight());
    synchronized (lane) {
      return lane.remove(seq) != null;
    }
  }

  /**
   * The tasks of every type ahead of {@code seq}: those of the same priority with a smaller seq plus
   * all tasks of higher priorities; -1 when {@code seq} is not queued in its type's lane.
   */
  long position(String type, Priority priority, long seq) {
    long rank;
    Lane<TaskCell> own = lanes(type).get(priority.weight());
    synchronized (own) {
      rank = own.rank(seq);
    }
    if (rank < 0) {
      return -1;
    }
    for (List<Lane<TaskCell>> lanes : byType.values()) {
      Lane<TaskCell> same = lanes.get(priority.weight());
      if (same != own) {
        synchronized (same) {
          rank += same.countBefore(seq);
        }
      }
      for (int w = priority.weight() + 1; w < lanes.size(); w++) {
        Lane<TaskCell> higher = lanes.get(w);
        synchronized (higher) {
          rank += higher.size();
        }
      }
    }
    return rank;
  }

  /**
   * The first queued task, among {@code types}, of the lane of {@code weight} (the smallest seq), or
   * null when their lanes are empty.
   */
  Head head(Collection<String> types, int weight) {
    Head best = null;
    for (String type : types) {
      List<Lane<TaskCell>> lanes = byType.get(type);
      if (lanes == null) {
        continue;
      }
      Lane<TaskCell> lane = lanes.get(weight);
      synchronized (lane) {
        TaskCell first = lane.first();
        if (first != null && (best == null || lane.firstSeq() < best.seq())) {
          best = new Head(lane.firstSeq(), first);
        }
      }
    }
    return best;
  }

  /** How many lanes a type has (one per priority weight). */
  int laneCount() {
    return Priority.values().length;
  }

  /** The first queued task of a lane as seen at one moment. */
  record Head(long seq, TaskCell cell) {}
}
