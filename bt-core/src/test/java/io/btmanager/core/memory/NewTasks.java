package io.btmanager.core.memory;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.UUID;

/** Builds the {@link NewTask}s the tests submit. */
final class NewTasks {

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private NewTasks() {}

  static NewTask pending(String key, String owner, Priority priority) {
    return new NewTask(
        UUID.randomUUID().toString(),
        "resize",
        "Resize " + key,
        "",
        "{}",
        key,
        priority,
        owner,
        null,
        TaskState.PENDING,
        null,
        3,
        null,
        null,
        T0);
  }

  static NewTask pending(String key) {
    return pending(key, "alice", Priority.MEDIUM);
  }

  static NewTask scheduled(String key, Instant at) {
    return new NewTask(
        UUID.randomUUID().toString(),
        "resize",
        "Resize " + key,
        "",
        "{}",
        key,
        Priority.MEDIUM,
        "alice",
        null,
        TaskState.SCHEDULED,
        at,
        3,
        null,
        null,
        T0);
  }

  static NewTask withConfiguration(String key, String configurationId) {
    return new NewTask(
        UUID.randomUUID().toString(),
        "resize",
        "Resize " + key,
        "",
        "{}",
        key,
        Priority.MEDIUM,
        "alice",
        null,
        TaskState.PENDING,
        null,
        3,
        configurationId,
        null,
        T0);
  }
}
