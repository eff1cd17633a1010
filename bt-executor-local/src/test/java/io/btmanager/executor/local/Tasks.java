package io.btmanager.executor.local;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Builds claimed tasks for the fake runner. */
final class Tasks {
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
  private final AtomicLong seq = new AtomicLong();

  /** A RUNNING task with a lease, as a store's claim returns it. */
  ClaimedTask claimed(String id) {
    long s = seq.incrementAndGet();
    return new ClaimedTask(new StoredTask(
        id,
        s,
        1,
        "test-type",
        "Task " + id,
        "",
        "{}",
        "dedup-" + id,
        TaskState.RUNNING,
        Priority.MEDIUM,
        Set.of("alice"),
        null,
        Progress.NONE,
        CREATED,
        CREATED,
        null,
        null,
        null,
        1,
        3,
        null,
        null,
        null,
        "node-1",
        "token-" + id,
        CREATED.plusSeconds(30),
        false));
  }
}
