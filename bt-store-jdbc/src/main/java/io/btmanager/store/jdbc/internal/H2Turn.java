package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * A worker's turn on H2: the outcomes as one JDBC batch, then a claim that picks with a row lock
 * and marks. H2 serves one process and has no {@code SKIP LOCKED}: this store's claims take turns.
 * The statements are in {@code h2/WorkerWrites.sql}.
 */
final class H2Turn implements Turn {
  private static final Sql SQL = Sql.of("h2/WorkerWrites");
  private static final String CLAIM_PICK = SQL.get("claim-pick");
  private static final String CLAIM_MARK = SQL.get("claim-mark");

  private final Supplier<Instant> clock;
  private final OneAtATime claims = new OneAtATime();

  H2Turn(Supplier<Instant> clock) {
    this.clock = clock;
  }

  @Override
  public <T> T claimingInTurn(Supplier<T> turn) {
    return claims.run(turn);
  }

  @Override
  public Turnover run(Handle h, List<Completion> completions, ClaimRequest claim) {
    List<Boolean> applied =
        completions.isEmpty() ? List.of() : WorkerWrites.completeEach(h, completions);
    List<StoredTask> next = claim == null || claim.max() < 1 ? List.of() : claim(h, claim);
    return new Turnover(applied, next);
  }

  /** Pick with a row lock, then mark. */
  private List<StoredTask> claim(Handle h, ClaimRequest request) {
    Instant now = clock.get();
    List<String> ids = Rows.ts(h.createQuery(CLAIM_PICK), "now", now)
        .bind("max", request.max())
        .bindList("types", List.copyOf(request.types()))
        .mapTo(String.class)
        .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    Rows.ts(h.createUpdate(CLAIM_MARK), "now", now)
        .bind("node", request.node())
        .bind("claim", WorkerWrites.claimToken())
        .bind("lease", request.lease().toMillis())
        .bindList("ids", ids)
        .execute();
    return List.copyOf(TaskReads.load(h, ids).values());
  }
}
