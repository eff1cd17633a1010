package io.btmanager.store.redis;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.UUID;

/** New tasks for tests that talk to a store directly. */
final class NewTasks {
  private NewTasks() {}

  /** A pending "report" task with a fresh id, the given dedup key and owner, created now. */
  static NewTask report(String dedupKey, String owner) {
    return report(dedupKey, owner, Priority.MEDIUM, null);
  }

  /** A pending "report" task of that priority and configuration (or none). */
  static NewTask report(String dedupKey, String owner, Priority priority, String configurationId) {
    return new NewTask(
        UUID.randomUUID().toString(),
        "report",
        "Monthly report",
        "Sales by region",
        "{\"month\":3}",
        dedupKey,
        priority,
        owner,
        null,
        TaskState.PENDING,
        null,
        3,
        configurationId,
        null,
        Instant.now());
  }
}
