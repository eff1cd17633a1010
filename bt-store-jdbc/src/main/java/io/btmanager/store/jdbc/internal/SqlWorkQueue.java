package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.StoreRejectedException;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.spi.WorkQueue;
import io.btmanager.core.task.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work queue on SQL: the worker's writes ({@link WorkerWrites}), fenced by lease token, and the
 * sweep of expired leases, each call one transaction.
 */
public final class SqlWorkQueue implements WorkQueue {
  private static final Logger LOG = LoggerFactory.getLogger(SqlWorkQueue.class);
  private final Jdbi jdbi;
  private final WorkerWrites worker;
  private final Supplier<Instant> clock;

  public SqlWorkQueue(Jdbi jdbi, Dialect dialect, Supplier<Instant> clock) {
    this.jdbi = jdbi;
    this.worker = new WorkerWrites(dialect, clock);
    this.clock = clock;
  }

  @Override
  public List<StoredTask> claim(ClaimRequest request) {
    return Guard.call("claim tasks", () -> worker.claim(jdbi, request));
  }

  @Override
  public Map<String, LeaseStatus> extendLeases(Map<String, String> leaseTokens, Duration lease) {
    if (leaseTokens.isEmpty()) {
      return Map.of();
    }
    return Guard.inTransaction(
        jdbi, "extend leases", h -> worker.extendLeases(h, leaseTokens, lease));
  }

  @Override
  public boolean saveProgress(String taskId, String leaseToken, Progress progress) {
    return Guard.inTransaction(
        jdbi, "save progress", h -> WorkerWrites.saveProgress(h, taskId, leaseToken, progress));
  }

  @Override
  public List<Boolean> complete(List<Completion> completions) {
    try {
      return Guard.call("record outcomes", () -> worker.complete(jdbi, completions));
    } catch (StoreRejectedException rejected) {
      return oneByOne(completions, rejected);
    }
  }

  /**
   * Outcomes and claims in one transaction (one commit). When the database refuses a value in one
   * outcome, the others (often other workers' batched with it) are written one by one, and the
   * refused one reports not applied, as if its lease were lost.
   */
  @Override
  public Turnover completeAndClaim(List<Completion> completions, ClaimRequest request) {
    try {
      return Guard.call(
          "record outcomes and claim tasks",
          () -> worker.completeAndClaim(jdbi, completions, request));
    } catch (StoreRejectedException rejected) {
      List<Boolean> applied = oneByOne(completions, rejected);
      return new Turnover(applied, request.max() > 0 ? claim(request) : List.of());
    }
  }

  private List<Boolean> oneByOne(List<Completion> completions, StoreRejectedException rejected) {
    if (completions.size() < 2) {
      throw rejected;
    }
    List<Boolean> applied = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      try {
        applied.addAll(Guard.call("record an outcome", () -> worker.complete(jdbi, List.of(c))));
      } catch (StoreRejectedException alone) {
        LOG.warn("the outcome of task {} was refused by the database", c.taskId(), alone);
        applied.add(false);
      }
    }
    return applied;
  }

  @Override
  public List<StoredTask> expiredLeases(int max) {
    return Guard.withHandle(
        jdbi, "find expired leases", h -> TaskReads.expiredLeases(h, max, clock.get()));
  }

  @Override
  public boolean returnExpiredLease(LeaseReturn expired) {
    Instant now = clock.get();
    return Guard.inTransaction(
        jdbi, "return an expired lease", h -> TaskWrites.returnExpiredLease(h, expired, now));
  }

  @Override
  public Optional<Duration> typicalRunTime(String type) {
    return Guard.withHandle(jdbi, "read run times", h -> TaskReads.typicalRunTime(h, type));
  }
}
