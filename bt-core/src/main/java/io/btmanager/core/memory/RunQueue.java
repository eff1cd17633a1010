package io.btmanager.core.memory;

import io.btmanager.core.task.Priority;
import java.util.ArrayList;
import java.util.List;

/**
 * The runnable tasks: one {@link Lane} per priority, each guarded by its own monitor (never two at
 * once). Callers hold the task's cell monitor when adding or removing it, so a cell's queue
 * membership changes only under both its cell lock and its lane lock.
 */
final class RunQueue {

  private final List<Lane<TaskCell>> lanes;

  RunQueue() {
    this(Lane.DEFAULT_BLOCK_SIZE);
  }

  RunQueue(int blockSize) {
    List<Lane<TaskCell>> made = new ArrayList<>();
    for (int i = 0; i < Priority.values().length; i++) {
      made.add(new Lane<>(blockSize));
    }
    this.lanes = List.copyOf(made);
  }

  void add(Priority priority, long seq, TaskCell cell) {
    Lane<TaskCell> lane = lanes.get(priority.weight());
    synchronized (lane) {
      lane.add(seq, cell);
    }
  }

  boolean remove(Priority priority, long seq) {
    Lane<TaskCell> lane = lanes.get(priority.weight());
    synchronized (lane) {
      return lane.remove(seq) != null;
    }
  }

  /**
   * The tasks ahead of {@code seq} in the lane of {@code priority} plus all tasks in higher lanes,
   * or -1 when {@code seq} is not queued there.
   */
  long position(Priority priority, long seq) {
    long rank;
    Lane<TaskCell> own = lanes.get(priority.weight());
    synchronized (own) {
      rank = own.rank(seq);
    }
    if (rank < 0) {
      return -1;
    }
    for (int w = priority.weight() + 1; w < lanes.size(); w++) {
      Lane<TaskCell> higher = lanes.get(w);
      synchronized (higher) {
        rank += higher.size();
      }
    }
    return rank;
  }

  /** The head of the lane of {@code weight}, or null when it is empty. */
  Head head(int weight) {
    Lane<TaskCell> lane = lanes.get(weight);
    synchronized (lane) {
      TaskCell first = lane.first();
      return first == null ? null : new Head(lane.firstSeq(), first);
    }
  }

  /** How many lanes there are (one per priority weight). */
  int laneCount() {
    return lanes.size();
  }

  /** The first queued task of a lane as seen at one moment. */
  record Head(long seq, TaskCell cell) {}
}
