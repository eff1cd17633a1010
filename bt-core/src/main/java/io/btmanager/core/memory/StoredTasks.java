package io.btmanager.core.memory;

import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.time.Instant;

/** The copies of {@link StoredTask} that the store itself makes; each sets the version it is given. */
final class StoredTasks {

  private StoredTasks() {}

  /** RUNNING under a fresh lease: attempt + 1, started now, no due time. */
  static StoredTask claimed(
      StoredTask t, String node, String token, Instant now, Instant expiresAt) {
    return new StoredTask(
        t.id(),
        t.seq(),
        t.version() + 1,
        t.type(),
        t.name(),
        t.description(),
        t.argumentsJson(),
        t.dedupKey(),
        TaskState.RUNNING,
        t.priority(),
        t.owners(),
        t.link(),
        t.progress(),
        t.createdAt(),
        now,
        t.finishedAt(),
        t.resultJson(),
        t.error(),
        t.attempt() + 1,
        t.maxAttempts(),
        null,
        t.configurationId(),
        t.scheduleEntryId(),
        node,
        token,
        expiresAt,
        t.cancelRequested());
  }

  static StoredTask leaseExtended(StoredTask t, Instant expiresAt) {
    return new StoredTask(
        t.id(),
        t.seq(),
        t.version() + 1,
        t.type(),
        t.name(),
        t.description(),
        t.argumentsJson(),
        t.dedupKey(),
        t.state(),
        t.priority(),
        t.owners(),
        t.link(),
        t.progress(),
        t.createdAt(),
        t.startedAt(),
        t.finishedAt(),
        t.resultJson(),
        t.error(),
        t.attempt(),
        t.maxAttempts(),
        t.nextAttemptAt(),
        t.configurationId(),
        t.scheduleEntryId(),
        t.leaseOwner(),
        t.leaseToken(),
        expiresAt,
        t.cancelRequested());
  }

  static StoredTask withProgress(StoredTask t, Progress progress) {
    return new StoredTask(
        t.id(),
        t.seq(),
        t.version() + 1,
        t.type(),
        t.name(),
        t.description(),
        t.argumentsJson(),
        t.dedupKey(),
        t.state(),
        t.priority(),
        t.owners(),
        t.link(),
        progress,
        t.createdAt(),
        t.startedAt(),
        t.finishedAt(),
        t.resultJson(),
        t.error(),
        t.attempt(),
        t.maxAttempts(),
        t.nextAttemptAt(),
        t.configurationId(),
        t.scheduleEntryId(),
        t.leaseOwner(),
        t.leaseToken(),
        t.leaseExpiresAt(),
        t.cancelRequested());
  }

  /** The end of an attempt: the completion's fields, lease and cancel request cleared. */
  static StoredTask completed(StoredTask t, Completion c) {
    return new StoredTask(
        t.id(),
        t.seq(),
        t.version() + 1,
        t.type(),
        t.name(),
        t.description(),
        t.argumentsJson(),
        t.dedupKey(),
        c.state(),
        t.priority(),
        t.owners(),
        t.link(),
        c.progress(),
        t.createdAt(),
        t.startedAt(),
        c.finishedAt(),
        c.resultJson(),
        c.error(),
        c.attempt(),
        t.maxAttempts(),
        c.nextAttemptAt(),
        t.configurationId(),
        t.scheduleEntryId(),
        null,
        null,
        null,
        false);
  }
}
