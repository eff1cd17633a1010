package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The worker's writes: claims, lease extensions, progress and outcomes, each fenced by the claim's
 * lease token so that a node that lost a task can no longer write to it.
 *
 * <p>What a task costs the database is decided here and in the database's {@link Turn}: {@link
 * #completeAndClaim} puts a turn of workers' outcomes and their next claims in one transaction (on
 * PostgreSQL one round trip and the commit, see {@link PostgresTurn}). A finished attempt whose
 * execution is exactly the row's own columns (its node kept in {@code ran_on}) writes no execution
 * row: {@link TaskReads#executions} derives it. The statements are in {@code WorkerWrites.sql} and,
 * where they differ, the dialect's.
 */
public final class WorkerWrites {
  private static final Sql SQL = Sql.of("WorkerWrites");
  private static final String SAVE_PROGRESS = SQL.get("save-progress");
  private static final String COMPLETE = SQL.get("complete");
  private static final String CANCEL_REQUESTED = SQL.get("cancel-requested");

  /** The store's clock: every time a worker's write sets or judges. */
  private final Supplier<Instant> clock;

  private final Turn turn;
  private final String extendLease;

  public WorkerWrites(Dialect dialect, Supplier<Instant> clock) {
    this.clock = clock;
    this.turn = dialect.turn(clock);
    this.extendLease = Sql.of("WorkerWrites", dialect).get("extend-lease");
  }

  /** Claims runnable tasks of the request's types by priority then seq, skipping rows others lock. */
  public List<StoredTask> claim(Jdbi jdbi, ClaimRequest request) {
    return completeAndClaim(jdbi, List.of(), request).claimed();
  }

  /** Outcomes alone, in one transaction: a turn that claims nothing. */
  public List<Boolean> complete(Jdbi jdbi, List<Completion> completions) {
    return jdbi.inTransaction(h -> turn.run(h, completions, null)).applied();
  }

  /** Outcomes, then claims, in one transaction: one commit for a turn of workers. */
  public Turnover completeAndClaim(Jdbi jdbi, List<Completion> completions, ClaimRequest request) {
    ClaimRequest claim = request == null || request.types().isEmpty() ? null : request;
    if (claim != null && claim.max() > 0) {
      return turn.claimingInTurn(() -> jdbi.inTransaction(h -> turn.run(h, completions, claim)));
    }
    return jdbi.inTransaction(h -> turn.run(h, completions, claim));
  }

  /**
   * The random part of the lease tokens of one claim: 64 bits, 16 hex digits. A claimed task's
   * token is this, a dash and the task's seq, so the tasks of a claim have tokens of their own and
   * a task claimed again gets a new one, while the server draws no random number per row (a {@code
   * gen_random_uuid()} per row was ~4 µs of the claim's ~36 per task). Tokens fence writes
   * (DESIGN.md's leases); they are not secrets. At most 36 characters, the column's width: 16 + 1 +
   * a seq of up to 19 digits.
   */
  static String claimToken() {
    return String.format("%016x", ThreadLocalRandom.current().nextLong());
  }

  /**
   * Extends leases still held under their tokens; says per task whether an owner asked to stop.
   * The rows are written in id order, the order a turn locks its outcomes' rows in ({@link
   * #completeEach}, {@code complete-all}): a heartbeat and a turn of one node then never wait for
   * each other in a cycle, which the database would break after its deadlock timeout by failing
   * one of them.
   */
  public Map<String, LeaseStatus> extendLeases(
      Handle h, Map<String, String> tokens, Duration lease) {
    List<String> ids = tokens.keySet().stream().sorted().toList();
    Instant now = clock.get();
    PreparedBatch batch = h.prepareBatch(extendLease);
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
      h.createQuery(CANCEL_REQUESTED)
          .bindList("ids", kept)
          .mapTo(String.class)
          .forEach(id -> out.put(id, LeaseStatus.CANCEL_REQUESTED));
    }
    return out;
  }

  public static boolean saveProgress(Handle h, String id, String token, Progress p) {
    return h.createUpdate(SAVE_PROGRESS)
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
   * Rows are written in id order (two outcomes of one task in their given order), as {@link
   * #extendLeases} writes them; the answer is in the given order.
   */
  static List<Boolean> completeEach(Handle h, List<Completion> completions) {
    int[] order = IntStream.range(0, completions.size())
        .boxed()
        .sorted(Comparator.comparing(i -> completions.get(i).taskId()))
        .mapToInt(Integer::intValue)
        .toArray();
    PreparedBatch batch = h.prepareBatch(COMPLETE);
    for (int i : order) {
      Completion c = completions.get(i);
      batch
          .bind("state", c.state().name())
          .bind("attempt", c.attempt())
          .bind("progress_done", c.progress().done())
          .bind("progress_total", c.progress().total())
          .bind("progress_message", c.progress().message())
          .bind("result", c.resultJson())
          .bind("error", Rows.json(c.error()))
          .bind("finished", c.state().isFinished())
          .bind("ran_on", ranOn(c))
          .bind("id", c.taskId())
          .bind("token", c.leaseToken());
      Rows.ts(batch, "finished_at", c.finishedAt());
      Rows.ts(batch, "next_attempt_at", c.nextAttemptAt());
      batch.add();
    }
    int[] counts = batch.execute();
    Boolean[] applied = new Boolean[counts.length];
    for (int k = 0; k < counts.length; k++) {
      applied[order[k]] = counts[k] > 0;
    }
    List<Boolean> inGivenOrder = Arrays.asList(applied);
    insertExecutions(h, completions, inGivenOrder);
    return inGivenOrder;
  }

  /** The execution rows of the applied outcomes whose execution the task row cannot say. */
  static void insertExecutions(Handle h, List<Completion> completions, List<Boolean> applied) {
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

  /** The {@code ran_on} column {@code c} writes: its node when the row holds its execution. */
  static String ranOn(Completion c) {
    return isTheRowsOwn(c) ? c.execution().node() : null;
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
