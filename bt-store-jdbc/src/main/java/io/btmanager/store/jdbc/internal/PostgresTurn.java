package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * A worker's turn on PostgreSQL in one round trip (then the commit): the turn's planner settings
 * ({@code turn-settings}), every outcome in one {@code UPDATE … FROM unnest(…)} ({@code
 * complete-all}) and the claim of the whole batch in one {@code UPDATE … RETURNING} that skips the
 * rows other nodes lock ({@code claim}), sent together; each statement sees the ones before it and
 * is planned once per connection. Outcomes naming one task twice are written by the batch instead,
 * in order, as {@link WorkerWrites#complete} does everywhere. The statements are in {@code
 * postgresql/WorkerWrites.sql}.
 */
final class PostgresTurn implements Turn {
  private static final Sql SQL = Sql.of("postgresql/WorkerWrites");
  private static final String SETTINGS = SQL.get("turn-settings");
  private static final String COMPLETE_ALL = SQL.get("complete-all");
  private static final String CLAIM = SQL.get("claim");

  private static final Comparator<StoredTask> CLAIM_ORDER = Comparator.comparingInt(
          (StoredTask t) -> -t.priority().weight())
      .thenComparingLong(StoredTask::seq);

  /** {@code complete-all}'s arrays: a column's values for every outcome, in one array each. */
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
      new ArrayColumn<>("c_ran_on", String.class, WorkerWrites::ranOn));

  private final Supplier<Instant> clock;

  PostgresTurn(Supplier<Instant> clock) {
    this.clock = clock;
  }

  @Override
  public Turnover run(Handle h, List<Completion> completions, ClaimRequest claim) {
    int max = claim == null ? 0 : claim.max();
    List<Boolean> applied = List.of();
    boolean together = !completions.isEmpty() && distinctTasks(completions);
    if (!completions.isEmpty() && !together) {
      applied = WorkerWrites.completeEach(h, completions);
    }
    if (!together && max < 1) {
      return new Turnover(applied, List.of());
    }
    Query turn = h.createQuery(
        SETTINGS + (together ? "; " + COMPLETE_ALL : "") + (max > 0 ? "; " + CLAIM : ""));
    if (together) {
      // in id order, as the heartbeat writes rows: whether the plan follows the arrays or the
      // primary key, the rows are met in that order (no lock cycle with the heartbeat)
      ArrayColumn.bindAll(turn, OUTCOME_COLUMNS, inIdOrder(completions));
    }
    if (max > 0) {
      Rows.ts(turn, "now", clock.get())
          .bind("max", max)
          .bindArray("types", String.class, (Object[]) claim.types().toArray(String[]::new))
          .bind("node", claim.node())
          .bind("claim", WorkerWrites.claimToken())
          .bind("lease", claim.lease().toMillis());
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
      WorkerWrites.insertExecutions(h, completions, applied);
    }
    next.sort(CLAIM_ORDER);
    return new Turnover(applied, next);
  }

  private static List<Completion> inIdOrder(List<Completion> completions) {
    return completions.stream().sorted(Comparator.comparing(Completion::taskId)).toList();
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
}
