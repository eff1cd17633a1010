package io.btmanager.core.spi;

import io.btmanager.core.event.TaskEventKind;
import java.util.Objects;

/**
 * A note from one node to the others that a task changed, carried by a store with {@link
 * StoreCapabilities#changeFeed()}. The receiving node reads the task and tells its own
 * subscribers.
 *
 * @param node the node where it happened
 * @param taskId the task
 * @param kind what happened
 * @param user for JOINED and DETACHED the user concerned, else null
 */
public record TaskChange(String node, String taskId, TaskEventKind kind, String user) {
  public TaskChange {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(kind, "kind");
  }
}
