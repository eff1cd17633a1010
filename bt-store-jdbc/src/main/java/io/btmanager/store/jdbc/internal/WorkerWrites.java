package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Progress;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The worker's writes: claims, lease extensions, progress and outcomes, each fenced by the claim's
 * lease token so that a node that lost a task can no longer write to it.
 *
 * <p>What a task costs the database is decided here: a claim is one statement for a whole batch,
 * outcomes are one batch, and {@link #completeAndClaim} puts a turn of workers' outcomes and their
 * next claims in one transaction. A finished attempt whose execution is exactly the row's own
 * columns (its node kept in {@code ran_on}) writes no execution row: {@link
 * TaskReads#executions} derives it.
 */
public final class WorkerWrites {
  private static final Comparator<StoredTask> CLAIM_ORDER = Comparator.comparingInt(
          (StoredTask t) -> -t.priority().weight())
      .thenComparingLong(StoredTask::seq);

  private final Dialect dialect;
  private final String claimed;
  /** H2 serves one process and has no SKIP LOCKED: its claims take turns. */
  private final ReentrantLock claims = new ReentrantLock();

  public WorkerWrites(Dialect dialect) {
    this.dialect = dialect;
    this.claimed = "state = 'RUNNING', attempt = attempt + 1, started_at = CURRENT_TIMESTAMP,"
        + " next_attempt_at = NULL, lease_owner = :node, lease_token = " + dialect.randomUuid()
        + ", lease_expires_at = " + dialect.plusMillis("CURRENT_TIMESTAMP", "lease")
        + ", cancel_requested = FALSE, version = version + 1";
  }

  /** Claims up to {@code max} runnable tasks by priority then seq, skipping rows others lock. */
  public List<StoredTask> claim(Jdbi jdbi, String node, int max, Duration lease) {
    return completeAndClaim(jdbi, List.of(), node, max, lease).claimed();
  }

  /** Outcomes, then claims, in one transaction: one commit for a turn of workers. */
  public Turnover completeAndClaim(
      Jdbi jdbi, List<Completion> completions, String node, int max, Duration lease) {
    if (max > 0 && dialect.serialisesClaims()) {
      claims.lock();
      try {
        return jdbi.inTransaction(h -> completeAndClaim(h, completions, node, max, lease));
      } finally {
        claims.unlock();
      }
    }
    return jdbi.inTransaction(h -> completeAndClaim(h, completions, node, max, lease));
  }

  private Turnover completeAndClaim(
      Handle h, List<Completion> completions, String node, int max, Duration lease) {
    List<Boolean> applied = completions.isEmpty() ? List.of() : complete(h, completions);
    List<StoredTask> next = max < 1
        ? List.of()
        : dialect == Dialect.POSTGRESQL
            ? claimPostgres(h, node, max, lease)
            : claimLocked(h, node, max, lease);
    return new Turnover(applied, next);
  }

  /** Pick with a row lock, then mark (H2, whose claims take turns). */
  private List<StoredTask> claimLocked(Handle h, String node, int max, Duration lease) {
    List<String> ids = h.createQuery("SELECT id FROM bt_task WHERE " + TaskReads.RUNNABLE
            + " ORDER BY priority DESC, seq LIMIT :max " + dialect.claimLock())
        .bind("max", max)
        .mapTo(String.class)
        .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    h.createUpdate("UPDATE bt_task SET " + claimed + " WHERE id IN (<ids>)")
        .bind("node", node)
        .bind("lease", lease.toMillis())
        .bindList("ids", ids)
        .execute();
    return List.copyOf(TaskReads.load(h, ids).values());
  }

  /**
   * One statement picks, locks (skipping rows other nodes hold), marks and returns the tasks with
   * their owners. The ordered scan of the queue index is pinned for this transaction: a queue table
   * filled from empty has stale statistics, and the planner would otherwise sort every waiting row
   * to return a few.
   */
  private List<StoredTask> claimPostgres(Handle h, String node, int max, Duration lease) {
    h.createQuery("SELECT set_config('enable_bitmapscan', 'off', true),"
            + " set_config('enable_sort', 'off', true)")
        .mapTo(String.class)
        .list();
    List<StoredTask> out = new ArrayList<>(h.createQuery("WITH picked AS (SELECT id FROM bt_task"
            + " WHERE " + TaskReads.RUNNABLE + " ORDER BY priority DESC, seq LIMIT :max"
            + " FOR UPDATE SKIP LOCKED)"
            + " UPDATE bt_task t SET " + claimed + " FROM picked WHERE t.id = picked.id"
            + " RETURNING t.*,"
            + " ARRAY(SELECT o.owner FROM bt_task_owner o WHERE o.task_id = t.id) AS owners")
        .bind("max", max)
        .bind("node", node)
        .bind("lease", lease.toMillis())
        .map((rs, ctx) -> Rows.task(rs, owners(rs.getArray("owners"))))
        .list());
    out.sort(CLAIM_ORDER);
    return out;
  }

  private static Set<String> owners(Array array) throws SQLException {
    try {
      return Set.of((String[]) array.getArray());
    } finally {
      array.free();
    }
  }

  /** Extends leases still held under their tokens; says per task whether an owner asked to stop. */
  public Map<String, LeaseStatus> extendLeases(
      Handle h, Map<String, String> tokens, Duration lease) {
    List<String> ids = List.copyOf(tokens.keySet());
    PreparedBatch batch = h.prepareBatch("UPDATE bt_task SET lease_expires_at = "
        + dialect.plusMillis("CURRENT_TIMESTAMP", "lease") + ", version = version + 1"
        + " WHERE id = :id AND lease_token = :token AND state = 'RUNNING'");
    for (String id : ids) {
      batch
          .bind("id", id)
          .bind("token", tokens.get(id))
          .bind("lease", lease.toMillis())
          .add();
    }
    int[] counts = batch.execute();
    Map<String, LeaseStatus> out = new LinkedHashMap<>();
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      out.put(ids.get(i), counts[i] > 0 ? LeaseStatus.KEPT : LeaseStatus.LOST);
      if (counts[i] > 0) {
        kept.add(ids.get(i));
      }
    }
    if (!kept.isEmpty()) {
      h.createQuery("SELECT id FROM bt_task WHERE id IN (<ids>) AND cancel_requested")
          .bindList("ids", kept)
          .mapTo(String.class)
          .forEach(id -> out.put(id, LeaseStatus.CANCEL_REQUESTED));
    }
    return out;
  }

  public static boolean saveProgress(Handle h, String id, String token, Progress p) {
    return h.createUpdate("UPDATE bt_task SET progress_done = :d, progress_total = :t,"
                + " progress_message = :m, version = version + 1"
                + " WHERE id = :id AND lease_token = :token AND state = 'RUNNING'")
            .bind("d", p.done())
            .bind("t", p.total())
            .bind("m", p.message())
            .bind("id", id)
            .bind("token", token)
            .execute()
        > 0;
  }

  /**
   * Ends attempts in one batch, each only if the task is still RUNNING under its lease token. The
   * execution of an attempt that finishes the task is written only when the row cannot say it.
   */
  public static List<Boolean> complete(Handle h, List<Completion> completions) {
    PreparedBatch batch = h.prepareBatch("UPDATE bt_task SET state = :state, attempt = :attempt,"
        + " progress_done = :progress_done, progress_total = :progress_total,"
        + " progress_message = :progress_message, result = :result, error = :error,"
        + " finished_at = :finished_at, next_attempt_at = :next_attempt_at,"
        + " active_dedup_key = CASE WHEN :finished THEN NULL ELSE dedup_key END,"
        + " ran_on = :ran_on, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
        + " cancel_requested = FALSE, version = version + 1"
        + " WHERE id = :id AND lease_token = :token AND state = 'RUNNING'");
    boolean[] derived = new boolean[completions.size()];
    for (int i = 0; i < completions.size(); i++) {
      Completion c = completions.get(i);
      derived[i] = isTheRowsOwn(c);
      batch
          .bind("state", c.state().name())
          .bind("attempt", c.attempt())
          .bind("progress_done", c.progress().done())
          .bind("progress_total", c.progress().total())
          .bind("progress_message", c.progress().message())
          .bind("result", c.resultJson())
          .bind("error", Rows.json(c.error()))
          .bind("finished", c.state().isFinished())
          .bind("ran_on", derived[i] ? c.execution().node() : null)
          .bind("id", c.taskId())
          .bind("token", c.leaseToken());
      Rows.ts(batch, "finished_at", c.finishedAt());
      Rows.ts(batch, "next_attempt_at", c.nextAttemptAt());
      batch.add();
    }
    int[] counts = batch.execute();
    List<Boolean> applied = new ArrayList<>(counts.length);
    PreparedBatch executions = h.prepareBatch(Rows.INSERT_EXECUTION);
    for (int i = 0; i < counts.length; i++) {
      applied.add(counts[i] > 0);
      if (counts[i] > 0 && !derived[i]) {
        Rows.bindExecution(executions, completions.get(i).execution()).add();
      }
    }
    if (executions.size() > 0) {
      executions.execute();
    }
    return applied;
  }

  /**
   * Whether the execution of {@code c} is what the task row says once {@code c} is written: the
   * attempt finishes the task, and its outcome, attempt, end, result and error are the row's (its
   * start and configuration are the claim's, which a running task keeps).
   */
  private static boolean isTheRowsOwn(Completion c) {
    Execution e = c.execution();
    return c.state().isFinished()
        && e.outcome() == outcomeOf(c)
        && e.attempt() == c.attempt()
        && Objects.equals(e.finishedAt(), c.finishedAt())
        && Objects.equals(e.resultJson(), c.resultJson())
        && Objects.equals(e.error(), c.error());
  }

  /** The outcome an execution of a finished task has: its state's. */
  static ExecutionOutcome outcomeOf(Completion c) {
    return switch (c.state()) {
      case SUCCEEDED -> ExecutionOutcome.SUCCEEDED;
      case FAILED -> ExecutionOutcome.FAILED;
      case CANCELLED -> ExecutionOutcome.CANCELLED;
      default -> null;
    };
  }
}
