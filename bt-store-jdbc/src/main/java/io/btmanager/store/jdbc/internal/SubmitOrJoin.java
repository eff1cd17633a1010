package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Submit-or-join (rule 2) of a batch on one database, inside a transaction {@link Submits} opens
 * (and retries): the part whose statements differ between databases.
 */
interface SubmitOrJoin {

  /** Locks the configurations with these ids; returns those that exist. */
  Set<String> lockConfigurations(Handle h, List<String> ids);

  /**
   * Inserts the batch's new tasks and joins the others to the active task of their key; the
   * results in input order, each the task as the transaction leaves it.
   */
  List<SubmitResult> submit(Handle h, List<NewTask> tasks);

  /**
   * Runs a whole submit (its transaction and retries): as it comes, or, on a database where
   * concurrent batches sharing keys would fail each other over and over, in turns.
   */
  default <T> T inTurn(Supplier<T> submit) {
    return submit.get();
  }

  /** The row of a task the batch joined or created, read back in this transaction. */
  static StoredTask read(Map<String, StoredTask> rows, String id) {
    StoredTask row = rows.get(id);
    if (row == null) {
      throw new IllegalStateException("task " + id + " vanished while submitting");
    }
    return row;
  }
}
