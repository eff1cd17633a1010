package io.btmanager.core.event;

import io.btmanager.core.task.Task;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a task, delivered to the subscribers of its owners in order per task.
 *
 * @param kind what happened
 * @param task the task just after it happened (for DELETED: just before)
 * @param user for JOINED and DETACHED the user who joined or left, else null
 * @param at when it happened
 * @param version the task's version in the store when {@code task} was read: it grows with every
 *     write, so of two events of one task the one with the lower version carries the older
 *     snapshot (a client showing the task keeps the higher); PROGRESS events between two writes
 *     share the version of the write before them
 */
public record TaskEvent(TaskEventKind kind, Task task, String user, Instant at, long version) {
  public TaskEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(at, "at");
  }

  /** The task's id. */
  public String taskId() {
    return task.id();
  }
}
