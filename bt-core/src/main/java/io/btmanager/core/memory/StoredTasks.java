package io.btmanager.core.memory;

import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.time.Instant;

/** The copies of {@link StoredTask} that the store itself makes; each bumps the version. */
final class StoredTasks {

  private StoredTasks() {}

  /** RUNNING under a fresh lease: attempt + 1, started now, no due time. */
  static StoredTask claimed(
      StoredTask t, String node, String token, Instant now, Instant expiresAt) {
    return next(t)
        .state(TaskState.RUNNING)
        .startedAt(now)
        .attempt(t.attempt() + 1)
        .nextAttemptAt(null)
        .leaseOwner(node)
        .leaseToken(token)
        .leaseExpiresAt(expiresAt)
        .build();
  }

  static StoredTask leaseExtended(StoredTask t, Instant expiresAt) {
    return next(t).leaseExpiresAt(expiresAt).build();
  }

  static StoredTask withProgress(StoredTask t, Progress progress) {
    return next(t).progress(progress).build();
  }

  /** The end of an attempt: the completion's fields, lease and cancel request cleared. */
  static StoredTask completed(StoredTask t, Completion c) {
    return next(t)
        .state(c.state())
        .progress(c.progress())
        .finishedAt(c.finishedAt())
        .resultJson(c.resultJson())
        .error(c.error())
        .attempt(c.attempt())
        .nextAttemptAt(c.nextAttemptAt())
        .leaseOwner(null)
        .leaseToken(null)
        .leaseExpiresAt(null)
        .cancelRequested(false)
        .build();
  }

  private static StoredTask.Builder next(StoredTask t) {
    return t.toBuilder().version(t.version() + 1);
  }
}
