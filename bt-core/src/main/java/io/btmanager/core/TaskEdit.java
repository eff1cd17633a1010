package io.btmanager.core;

import io.btmanager.core.internal.Limits;
import io.btmanager.core.task.Priority;
import java.net.URI;

/**
 * Changes an owner makes to a task, set through the {@code Consumer<TaskEdit>} of {@link
 * UserTasks#edit}. Fields not set stay as they are. A new priority is accepted only while the task
 * waits (PENDING or SCHEDULED); it moves in the queue.
 */
public final class TaskEdit {
  String name;
  String description;
  URI link;
  boolean linkSet;
  Priority priority;

  TaskEdit() {}

  public TaskEdit name(String name) {
    this.name = SubmitOptions.checkName(name);
    return this;
  }

  public TaskEdit description(String description) {
    this.description = SubmitOptions.checkDescription(description);
    return this;
  }

  /** A new link; null removes it. */
  public TaskEdit link(URI link) {
    this.link = Limits.link(link);
    this.linkSet = true;
    return this;
  }

  public TaskEdit priority(Priority priority) {
    this.priority = Limits.notNull(priority, "priority", "LOW, MEDIUM or HIGH");
    return this;
  }
}
