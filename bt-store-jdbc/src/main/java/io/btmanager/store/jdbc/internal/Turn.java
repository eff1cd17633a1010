package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.Turnover;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * A worker's turn on one database, inside a transaction {@link WorkerWrites} opens: the outcomes
 * (each fenced by its lease token), then the claims. The part whose statements differ between
 * databases: {@link PostgresTurn}, {@link H2Turn}.
 */
interface Turn {

  /**
   * Writes the outcomes, in order, then claims up to {@code claim.max()} runnable tasks of its
   * types by priority then seq; {@code claim} null (or for no type) claims nothing.
   */
  Turnover run(Handle h, List<Completion> completions, ClaimRequest claim);

  /**
   * Runs a whole turn that claims (its transaction): as it comes, or, on a database where claims
   * cannot skip each other's rows, in turns.
   */
  default <T> T claimingInTurn(Supplier<T> turn) {
    return turn.get();
  }
}
