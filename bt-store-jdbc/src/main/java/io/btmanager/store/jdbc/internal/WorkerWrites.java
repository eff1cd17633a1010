package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Progress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The worker's writes: claims, lease extensions, progress and outcomes, each fenced by the claim's
 * lease token so that a node that lost a task can no longer write to it.
 *
 * <p>What a task costs the database is decided here: {@link #completeAndClaim} puts a turn of
 * workers' outcomes and their next claims in one transaction; on PostgreSQL that is one round trip
 * of three statements (the turn's planner settings, every outcome in one {@code UPDATE … FROM
 * unnest(…)}, the claim of the whole batch in one {@code UPDATE … RETURNING}) and the commit, each
 * statement planned once per connection. H2 writes outcomes as one JDBC batch. A finished attempt
 * whose execution is exactly the row's own columns (its node kept in {@code ran_on}) writes no
 * execution row: {@link TaskReads#executions} derives it.
 */
public final class WorkerWrites {
  private static final Comparator<StoredTask> CLAIM_ORDER = Comparator.comparingInt(
          (StoredTask t) -> -t.priority().weight())
      .thenComparingLong(StoredTask::seq);

  /**
   * A turn's outcomes on PostgreSQL, one statement for all: each row is written only if the task is
   * still RUNNING under the outcome's lease token; returns the ids written. Timestamps come as
   * ISO-8601 text ({@link Rows#text}).
   */
  private static final String PG_COMPLETE = "UPDATE bt_task t SET state = v.state,"
      + " attempt = v.attempt, progress_done = v.done, progress_total = v.total,"
      + " progress_message = v.message, result = v.result, error = v.error,"
      + " finished_at = v.finished_at, next_attempt_at = v.next_attempt_at,"
      + " active_dedup_key = CASE WHEN v.finished THEN NULL ELSE t.dedup_key END,"
      + " ran_on = v.ran_on, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
      + " cancel_requested = FALSE, version = t.version + 1"
      + " FROM unnest(:c_id::varchar[], :c_token::varchar[], :c_state::varchar[],"
      + " :c_attempt::int[], :c_done::bigint[], :c_total::bigint[], :c_message::varchar[],"
      + " :c_result::text[], :c_error::text[], :c_finished_at::timestamptz[],"
      + " :c_next_attempt_at::timestamptz[], :c_finished::boolean[], :c_ran_on::varchar[])"
      + " AS v(id, token, state, attempt, done, total, message, result, error, finished_at,"
      + " next_attempt_at, finished, ran_on)"
      + " WHERE t.id = v.id AND t.lease_token = v.token AND t.state = 'RUNNING'"
      + " RETURNING t.id";

  /**
   * A turn's planner settings, for its transaction only. Each turn runs the same two statements
   * with only their arrays and limit changed: the server plans them once per connection instead of
   * at every turn (a custom plan costs more to make than the claim costs to run). And the turn's
   * index paths are pinned: a queue table filled from empty has stale statistics, and the planner
   * would otherwise sort every waiting row to return a few, or scan the whole table to find the
   * rows a claim picked (ClaimScanTest).
   */
  private static final String PG_TURN_SETTINGS = "SELECT"
      + " set_config('plan_cache_mode', 'force_generic_plan', true),"
      + " set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true),"
      + " set_config('enable_seqscan', 'off', true)";

  private final Dialect dialect;
  /** The store's clock: every time a worker's write sets or judges. */
  private final Supplier<Instant> clock;

  private final String claimed;
  /**
   * The claim on PostgreSQL: one statement picks, locks (skipping rows other nodes hold), marks and
   * returns the tasks with their owners. The picked ids are looked up by primary key ({@code = ANY}
   * of their array), not joined: a join let the generic plan hash them against a sequential scan of
   * the whole table whenever the statistics described a small one (ClaimScanTest).
   */
  private final String pgClaim;
  /** H2 serves one process and has no SKIP LOCKED: its claims take turns. */
  private final ReentrantLock claims = new ReentrantLock();

  public WorkerWrites(Dialect dialect, Supplier<Instant> clock) {
    this.dialect = dialect;
    this.clock = clock;
    this.claimed = "state = 'RUNNING', attempt = attempt + 1, started_at = " + TaskReads.NOW + ","
        + " next_attempt_at = NULL, lease_owner = :node,"
        + " lease_token = :claim || '-' || CAST(seq AS VARCHAR),"
        + " lease_expires_at = " + dialect.plusMillis(TaskReads.NOW, "lease")
        + ", cancel_requested = FALSE, version = version + 1";
    this.pgClaim = "WITH picked AS (SELECT id FROM bt_task WHERE " + TaskReads.RUNNABLE
        + " AND type = ANY (:types) ORDER BY priority DESC, seq LIMIT :max FOR UPDATE SKIP LOCKED)"
        + " UPDATE bt_task t SET " + claimed + " WHERE t.id = ANY (ARRAY(SELECT id FROM picked))"
        + " RETURNING t.*,"
        + " ARRAY(SELECT o.owner FROM bt_task_owner o WHERE o.task_id = t.id) AS owners";
  }

  /** Claims runnable tasks of the request's types by priority then seq, skipping rows others lock. */
  public List<StoredTask> claim(Jdbi jdbi, ClaimRequest request) {
    return completeAndClaim(jdbi, List.of(), request).claimed();
  }

  /** Outcomes alone, in one transaction: a turn that claims nothing. */
  public List<Boolean> complete(Jdbi jdbi, List<Completion> completions) {
    return jdbi.inTransaction(h -> completeAndClaim(h, completions, null)).applied();
  }

  /** Outcomes, then claims, in one transaction: one commit for a turn of workers. */
  public Turnover completeAndClaim(Jdbi jdbi, List<Completion> completions, ClaimRequest request) {
    ClaimRequest claim = request == null || request.types().isEmpty() ? null : request;
    if (claim != null && claim.max() > 0 && dialect.serialisesClaims()) {
      claims.lock();
      try {
        return jdbi.inTransaction(h -> completeAndClaim(h, completions, claim));
      } finally {
        claims.unlock();
      }
    }
    return jdbi.inTransaction(h -> completeAndClaim(h, completions, claim));
  }

  /** The turn in {@code h}; {@code request} null or for no type claims nothing. */
  private Turnover completeAndClaim(Handle h, List<Completion> completions, ClaimRequest request) {
    String node = request == null ? null : request.node();
    int max = request == null || request.types().isEmpty() ? 0 : request.max();
    Duration lease = request == null ? null : request.lease();
    String[] types = request == null ? new String[0] : request.types().toArray(String[]::new);
    if (dialect == Dialect.POSTGRESQL) {
      return turnPostgres(h, completions, node, max, lease, types);
    }
    List<Boolean> applied = completions.isEmpty() ? List.of() : complete(h, completions);
    List<StoredTask> next = max < 1 ? List.of() : claimLocked(h, node, max, lease, types);
    return new Turnover(applied, next);
  }

  /** Pick with a row lock, then mark (H2, whose claims take turns). */
  private List<StoredTask> claimLocked(
      Handle h, String node, int max, Duration lease, String[] types) {
    Instant now = clock.get();
    List<String> ids = Rows.ts(
            h.createQuery("SELECT id FROM bt_task WHERE " + TaskReads.RUNNABLE
                + " AND type IN (<types>) ORDER BY priority DESC, seq LIMIT :max "
                + dialect.claimLock()),
            "now",
            now)
        .bind("max", max)
        .bindList("types", List.of(types))
        .mapTo(String.class)
        .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    Rows.ts(h.createUpdate("UPDATE bt_task SET " + claimed + " WHERE id IN (<ids>)"), "now", now)
        .bind("node", node)
        .bind("claim", claimToken())
        .bind("lease", lease.toMillis())
        .bindList("ids", ids)
        .execute();
    return List.copyOf(TaskReads.load(h, ids).values());
  }

  /**
   * A turn on PostgreSQL in one round trip (then the commit): the turn's planner settings ({@link
   * #PG_TURN_SETTINGS}), the outcomes in one statement ({@link #PG_COMPLETE}) and the claim
   * ({@link #pgClaim}), sent together; each statement sees the ones before it. Outcomes naming one
   * task twice are written by the batch instead, in order, as {@link #complete} does everywhere.
   */
  private Turnover turnPostgres(
      Handle h,
      List<Completion> completions,
      String node,
      int max,
      Duration lease,
      String[] types) {
    List<Boolean> applied = List.of();
    boolean together = !completions.isEmpty() && distinctTasks(completions);
    if (!completions.isEmpty() && !together) {
      applied = complete(h, completions);
    }
    if (!together && max < 1) {
      return new Turnover(applied, List.of());
    }
    Query turn = h.createQuery(
        PG_TURN_SETTINGS + (together ? "; " + PG_COMPLETE : "") + (max > 0 ? "; " + pgClaim : ""));
    if (together) {
      ArrayColumn.bindAll(turn, OUTCOME_COLUMNS, completions);
    }
    if (max > 0) {
      Rows.ts(turn, "now", clock.get())
          .bind("max", max)
          .bindArray("types", String.class, (Object[]) types)
          .bind("node", node)
          .bind("claim", claimToken())
          .bind("lease", lease.toMillis());
    }
    Set<String> written = new HashSet<>();
    List<StoredTask> next = new ArrayList<>();
    turn.execute((statement, ctx) -> {
      try (ctx) {
        PreparedStatement ps = statement.get(); // its first result: the settings
        if (together) {
          ps.getMoreResults();
          try (ResultSet rs = ps.getResultSet()) {
            while (rs.next()) {
              written.add(rs.getString(1));
            }
          }
        }
        if (max > 0) {
          ps.getMoreResults();
          try (ResultSet rs = ps.getResultSet()) {
            while (rs.next()) {
              next.add(Rows.task(rs, Rows.owners(rs.getArray("owners"))));
            }
          }
        }
        return null;
      }
    });
    if (together) {
      applied = new ArrayList<>(completions.size());
      for (Completion c : completions) {
        applied.add(written.contains(c.taskId()));
      }
      insertExecutions(h, completions, applied);
    }
    next.sort(CLAIM_ORDER);
    return new Turnover(applied, next);
  }

  /**
   * The random part of the lease tokens of one claim: 64 bits, 16 hex digits. A claimed task's
   * token is this, a dash and the task's seq ({@link #claimed}), so the tasks of a claim have
   * tokens of their own and a task claimed again gets a new one, while the server draws no random
   * number per row (a {@code gen_random_uuid()} per row was ~4 µs of the claim's ~36 per task).
   * Tokens fence writes (DESIGN.md's leases); they are not secrets. At most 36 characters, the
   * column's width: 16 + 1 + a seq of up to 19 digits.
   */
  private static String claimToken() {
    return String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  private static boolean distinctTasks(List<Completion> completions) {
    Set<String> ids = new HashSet<>();
    for (Completion c : completions) {
      if (!ids.add(c.taskId())) {
        return false;
      }
    }
    return true;
  }

  /** {@link #PG_COMPLETE}'s arrays: a column's values for every outcome, in one array each. */
  private static final List<ArrayColumn<Completion>> OUTCOME_COLUMNS = List.of(
      new ArrayColumn<>("c_id", String.class, Completion::taskId),
      new ArrayColumn<>("c_token", String.class, Completion::leaseToken),
      new ArrayColumn<>("c_state", String.class, c -> c.state().name()),
      new ArrayColumn<>("c_attempt", Integer.class, Completion::attempt),
      new ArrayColumn<>("c_done", Long.class, c -> c.progress().done()),
      new ArrayColumn<>("c_total", Long.class, c -> c.progress().total()),
      new ArrayColumn<>("c_message", String.class, c -> c.progress().message()),
      new ArrayColumn<>("c_result", String.class, Completion::resultJson),
      new ArrayColumn<>("c_error", String.class, c -> Rows.json(c.error())),
      new ArrayColumn<>("c_finished_at", String.class, c -> Rows.text(c.finishedAt())),
      new ArrayColumn<>("c_next_attempt_at", String.class, c -> Rows.text(c.nextAttemptAt())),
      new ArrayColumn<>("c_finished", Boolean.class, c -> c.state().isFinished()),
      new ArrayColumn<>(
          "c_ran_on", String.class, c -> isTheRowsOwn(c) ? c.execution().node() : null));

  /** Extends leases still held under their tokens; says per task whether an owner asked to stop. */
  public Map<String, LeaseStatus> extendLeases(
      Handle h, Map<String, String> tokens, Duration lease) {
    List<String> ids = List.copyOf(tokens.keySet());
    Instant now = clock.get();
    PreparedBatch batch = h.prepareBatch("UPDATE bt_task SET lease_expires_at = "
        + dialect.plusMillis(TaskReads.NOW, "lease") + ", version = version + 1"
        + " WHERE id = :id AND lease_token = :token AND state = 'RUNNING'");
    for (String id : ids) {
      batch.bind("id", id).bind("token", tokens.get(id)).bind("lease", lease.toMillis());
      Rows.ts(batch, "now", now).add();
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
  private static List<Boolean> complete(Handle h, List<Completion> completions) {
    PreparedBatch batch = h.prepareBatch("UPDATE bt_task SET state = :state, attempt = :attempt,"
        + " progress_done = :progress_done, progress_total = :progress_total,"
        + " progress_message = :progress_message, result = :result, error = :error,"
        + " finished_at = :finished_at, next_attempt_at = :next_attempt_at,"
        + " active_dedup_key = CASE WHEN :finished THEN NULL ELSE dedup_key END,"
        + " ran_on = :ran_on, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
        + " cancel_requested = FALSE, version = version + 1"
        + " WHERE id = :id AND lease_token = :token AND state = 'RUNNING'");
    for (Completion c : completions) {
      batch
          .bind("state", c.state().name())
          .bind("attempt", c.attempt())
          .bind("progress_done", c.progress().done())
          .bind("progress_total", c.progress().total())
          .bind("progress_message", c.progress().message())
          .bind("result", c.resultJson())
          .bind("error", Rows.json(c.error()))
          .bind("finished", c.state().isFinished())
          .bind("ran_on", isTheRowsOwn(c) ? c.execution().node() : null)
          .bind("id", c.taskId())
          .bind("token", c.leaseToken());
      Rows.ts(batch, "finished_at", c.finishedAt());
      Rows.ts(batch, "next_attempt_at", c.nextAttemptAt());
      batch.add();
    }
    int[] counts = batch.execute();
    List<Boolean> applied = new ArrayList<>(counts.length);
    for (int count : counts) {
      applied.add(count > 0);
    }
    insertExecutions(h, completions, applied);
    return applied;
  }

  /** The execution rows of the applied outcomes whose execution the task row cannot say. */
  private static void insertExecutions(
      Handle h, List<Completion> completions, List<Boolean> applied) {
    PreparedBatch executions = null;
    for (int i = 0; i < completions.size(); i++) {
      Completion c = completions.get(i);
      if (applied.get(i) && !isTheRowsOwn(c)) {
        if (executions == null) {
          executions = h.prepareBatch(Rows.INSERT_EXECUTION);
        }
        Rows.bindExecution(executions, c.execution()).add();
      }
    }
    if (executions != null) {
      executions.execute();
    }
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
