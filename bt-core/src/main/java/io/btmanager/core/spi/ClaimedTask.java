package io.btmanager.core.spi;

import io.btmanager.core.task.Priority;

/**
 * A task this node claimed and holds the lease of, handed by a {@link TaskRunner} to a {@link
 * TaskExecutor} to run with {@link TaskRunner#run}.
 */
public record ClaimedTask(StoredTask task) {

  public String id() {
    return task.id();
  }

  public String type() {
    return task.type();
  }

  public Priority priority() {
    return task.priority();
  }
}
