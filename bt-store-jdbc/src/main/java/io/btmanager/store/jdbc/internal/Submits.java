package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.spi.SubmitResult;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * Submit-or-join (rule 2) of a batch of new tasks, in one transaction: a task whose dedup key has
 * an active task joins it (its owner is added), any other is inserted; a key repeated in the batch
 * is inserted by its first occurrence and joined by the others. Atomic under any concurrency, on
 * one node or many: simultaneous submits of one key make exactly one task, with every submitter
 * among its owners. A submit naming a missing configuration throws and writes nothing. The results
 * are in input order, each the task as the transaction leaves it; seqs follow input order.
 *
 * <p>This class owns the transaction: it locks the configurations the batch names, hands the batch
 * to the database's {@link SubmitOrJoin} ({@link PostgresSubmits}, {@link H2Submits}), and runs it
 * again when a unique-key race (H2) or a deadlock between batches (PostgreSQL) rolled it back.
 */
public final class Submits {
  /** Whole-transaction retries on a unique-key race (H2) or a deadlock (PostgreSQL). */
  private static final int MAX_RETRIES = 20;

  /** SQLState of a deadlock PostgreSQL broke by failing this transaction. */
  private static final String DEADLOCK = "40P01";

  private final SubmitOrJoin database;

  public Submits(Dialect dialect) {
    this.database = dialect.submitOrJoin();
  }

  /**
   * Submit-or-join for a batch in a transaction of its own, committed (durable) on return. A
   * unique-key race (H2) or a deadlock between batches (PostgreSQL) rolls it back and runs it
   * again.
   */
  public List<SubmitResult> submit(Jdbi jdbi, List<NewTask> tasks) {
    return inTurn(jdbi, h -> submitBatch(h, tasks));
  }

  /**
   * Fires a schedule occurrence in one transaction: the entry advances only if it is still at the
   * occurrence, and its task is submitted in the same transaction, so both commit or neither.
   */
  public OccurrenceFired fire(Jdbi jdbi, Occurrence o) {
    return inTurn(jdbi, h -> {
      if (!SqlCatalog.advanceScheduleEntry(h, o)) {
        return OccurrenceFired.NOT_FIRED;
      }
      NewTask task = o.task();
      return new OccurrenceFired(
          true, task == null ? null : submitBatch(h, List.of(task)).get(0));
    });
  }

  /** {@code work} in a transaction of its own, taking turns where the database needs it, retried. */
  private <T> T inTurn(Jdbi jdbi, HandleCallback<T, RuntimeException> work) {
    return database.inTurn(() -> {
      for (int retry = 0; ; retry++) {
        try {
          return jdbi.inTransaction(work);
        } catch (RuntimeException e) {
          if (!isRetryable(e) || retry >= MAX_RETRIES) {
            throw e;
          }
        }
      }
    });
  }

  /**
   * Submit-or-join on a handle whose transaction belongs to the host: no commit here, and a
   * failure rolls back only to a savepoint of ours (so the host's transaction stays usable), and
   * a race retries from it.
   */
  public List<SubmitResult> submitIn(Handle h, List<NewTask> tasks) {
    for (int retry = 0; ; retry++) {
      h.savepoint("bt_submit");
      try {
        List<SubmitResult> out = submitBatch(h, tasks);
        h.releaseSavepoint("bt_submit");
        return out;
      } catch (RuntimeException e) {
        h.rollbackToSavepoint("bt_submit");
        if (!isRetryable(e) || retry >= MAX_RETRIES) {
          throw e;
        }
      }
    }
  }

  private List<SubmitResult> submitBatch(Handle h, List<NewTask> tasks) {
    if (tasks.isEmpty()) {
      return List.of();
    }
    lockConfigurations(h, tasks);
    return database.submit(h, tasks);
  }

  /**
   * Locks the configurations the batch names, so none is deleted before this transaction ends;
   * throws before anything is written when one does not exist.
   */
  private void lockConfigurations(Handle h, List<NewTask> tasks) {
    Set<String> wanted = new LinkedHashSet<>();
    for (NewTask t : tasks) {
      if (t.configurationId() != null) {
        wanted.add(t.configurationId());
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    Set<String> found = database.lockConfigurations(h, List.copyOf(wanted));
    for (String c : wanted) {
      if (!found.contains(c)) {
        throw new ConfigurationNotFoundException(c);
      }
    }
  }

  /** A unique-key race (H2) or a deadlock PostgreSQL broke: the rolled-back batch may run again. */
  private static boolean isRetryable(Throwable e) {
    if (Guard.isUniqueViolation(e)) {
      return true;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLException s && DEADLOCK.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
