package io.btmanager.core.internal;

import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule 11's recovery: a task whose node stopped renewing its lease goes back to the queue, counting
 * the attempt; after its policy's attempts plus the configured allowance it fails as LOST; a task an
 * owner asked to stop is cancelled instead.
 */
final class Leases {
  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
  private static final int BATCH = 100;

  private final Engine engine;

  Leases(Engine engine) {
    this.engine = engine;
  }

  /** Returns every task whose lease expired, in batches; each fenced by its lease token. */
  void returnExpired() {
    while (true) {
      var expired = engine.store().expiredLeases(BATCH);
      int returned = 0;
      for (StoredTask t : expired) {
        if (returnOne(t)) {
          returned++;
        }
      }
      if (expired.size() < BATCH || returned == 0) {
        return;
      }
    }
  }

  private boolean returnOne(StoredTask t) {
    Instant now = engine.config().clock().instant();
    TaskState state;
    TaskError error;
    TaskEventKind kind;
    if (t.cancelRequested()) {
      state = TaskState.CANCELLED;
      error = Advising.cancelled();
      kind = TaskEventKind.CANCELLED;
    } else if (t.attempt() >= t.maxAttempts() + engine.config().lostLeaseRetries()) {
      state = TaskState.FAILED;
      error = Advising.lost(t.leaseOwner());
      kind = TaskEventKind.FAILED;
    } else {
      state = TaskState.PENDING;
      error = t.error();
      kind = TaskEventKind.RETRY_SCHEDULED;
    }
    Transitions.check(t.state(), state);
    Execution ex = new Execution(
        t.id(),
        t.attempt(),
        t.configurationId(),
        t.leaseOwner() == null ? "?" : t.leaseOwner(),
        t.startedAt() == null ? now : t.startedAt(),
        now,
        ExecutionOutcome.LEASE_EXPIRED,
        null,
        null);
    if (!engine
        .store()
        .returnExpiredLease(new LeaseReturn(t.id(), t.leaseToken(), state, error, ex))) {
      return false; // renewed or changed meanwhile
    }
    LOG.info(
        "task {} lost its lease on node {} (attempt {}); now {}",
        t.id(),
        t.leaseOwner(),
        t.attempt(),
        state);
    engine.publishCurrent(kind, t.id());
    if (state == TaskState.PENDING) {
      engine.wakeExecutor();
    }
    return true;
  }
}
