package io.btmanager.core.internal;

import static io.btmanager.core.task.TaskState.CANCELLED;
import static io.btmanager.core.task.TaskState.FAILED;
import static io.btmanager.core.task.TaskState.PENDING;
import static io.btmanager.core.task.TaskState.RUNNING;
import static io.btmanager.core.task.TaskState.SCHEDULED;
import static io.btmanager.core.task.TaskState.SUCCEEDED;

import io.btmanager.core.task.TaskState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The state machine: the one place that says which state may follow which. Every change the core
 * asks a store to make passes through {@link #check}.
 */
public final class Transitions {
  private static final Map<TaskState, Set<TaskState>> NEXT = new EnumMap<>(TaskState.class);

  static {
    // waiting: claimed, cancelled, or (SCHEDULED) promoted when due
    NEXT.put(PENDING, EnumSet.of(RUNNING, CANCELLED));
    NEXT.put(SCHEDULED, EnumSet.of(RUNNING, PENDING, CANCELLED));
    // running: an outcome, a retry after backoff, or back to the queue (lease lost / released)
    NEXT.put(RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, SCHEDULED, PENDING));
    // finished states never change
    NEXT.put(SUCCEEDED, EnumSet.noneOf(TaskState.class));
    NEXT.put(FAILED, EnumSet.noneOf(TaskState.class));
    NEXT.put(CANCELLED, EnumSet.noneOf(TaskState.class));
  }

  private Transitions() {}

  /** Whether a task may go from {@code from} to {@code to} (staying in one state is allowed). */
  public static boolean allowed(TaskState from, TaskState to) {
    return from == to || NEXT.get(from).contains(to);
  }

  /**
   * @throws IllegalStateException when the transition is not allowed: a bug in the core
   */
  public static TaskState check(TaskState from, TaskState to) {
    if (!allowed(from, to)) {
      throw new IllegalStateException("illegal task state transition " + from + " -> " + to);
    }
    return to;
  }
}
