package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Execution;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The writes a user's change makes (decided by the core, applied by compare-and-set on the task's
 * version), deletion and purging. Submits are {@link Submits}; the worker's writes, fenced by lease
 * token, are {@link WorkerWrites}.
 */
public final class TaskWrites {
  private static final String COLUMNS = "type, name, description, arguments, dedup_key,"
      + " active_dedup_key, state, priority, link, progress_done, progress_total,"
      + " progress_message, created_at, started_at, finished_at, result, error, attempt,"
      + " max_attempts, next_attempt_at, configuration_id, schedule_entry_id, lease_owner,"
      + " lease_token, lease_expires_at, cancel_requested";
  private static final String UPDATE_ALL;

  static {
    StringBuilder set = new StringBuilder();
    for (String c : COLUMNS.split(",")) {
      String col = c.strip();
      if (!col.equals("type") && !col.equals("arguments") && !col.equals("dedup_key")) {
        set.append(col).append(" = :").append(col).append(", ");
      }
    }
    UPDATE_ALL = "UPDATE bt_task SET " + set + "version = version + 1"
        + " WHERE id = :id AND version = :expected";
  }

  private static final int IN_CHUNK = 1_000;

  private TaskWrites() {}

  /** Splits a list for IN clauses (PostgreSQL takes at most 32,767 parameters a statement). */
  private static List<List<String>> chunks(List<String> all) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    }
    return out;
  }

  /** Compare-and-set of a whole task (owners included), with an optional execution. */
  public static boolean replace(
      Handle h, StoredTask expected, StoredTask updated, Execution execution) {
    int n = Rows.bindTask(h.createUpdate(UPDATE_ALL), updated)
        .bind("id", expected.id())
        .bind("expected", expected.version())
        .execute();
    if (n == 0) {
      return false;
    }
    if (!updated.owners().equals(expected.owners())) {
      Set<String> gone = new HashSet<>(expected.owners());
      gone.removeAll(updated.owners());
      Set<String> added = new HashSet<>(updated.owners());
      added.removeAll(expected.owners());
      if (!gone.isEmpty()) {
        h.createUpdate("DELETE FROM bt_task_owner WHERE task_id = :id AND owner IN (<owners>)")
            .bind("id", expected.id())
            .bindList("owners", List.copyOf(gone))
            .execute();
      }
      for (String o : added) {
        h.createUpdate("INSERT INTO bt_task_owner (task_id, owner) VALUES (:id, :owner)")
            .bind("id", expected.id())
            .bind("owner", o)
            .execute();
      }
    }
    if (execution != null) {
      Rows.bindExecution(h.createUpdate(Rows.INSERT_EXECUTION), execution).execute();
    }
    return true;
  }

  /** Compare-and-set delete of a task with its owners and executions. */
  public static boolean delete(Handle h, StoredTask expected) {
    boolean deleted = h.createUpdate("DELETE FROM bt_task WHERE id = :id AND version = :v")
            .bind("id", expected.id())
            .bind("v", expected.version())
            .execute()
        > 0;
    if (deleted) {
      deleteChildren(h, List.of(expected.id()));
    }
    return deleted;
  }

  /**
   * Deletes the owners and executions of tasks just deleted in this transaction (no foreign key
   * does it: its check would lock the task row on every owner and execution insert). Writers of
   * either update the task row first, so none can add a child to a task deleted here.
   */
  private static void deleteChildren(Handle h, List<String> ids) {
    for (List<String> chunk : chunks(ids)) {
      h.createUpdate("DELETE FROM bt_task_owner WHERE task_id IN (<ids>)")
          .bindList("ids", chunk)
          .execute();
      h.createUpdate("DELETE FROM bt_execution WHERE task_id IN (<ids>)")
          .bindList("ids", chunk)
          .execute();
    }
  }

  /** Deletes the tasks finished before {@code cutoff}, with their owners and executions. */
  public static int purgeFinishedBefore(Handle h, java.time.Instant cutoff) {
    List<String> ids = Rows.ts(
            h.createQuery("SELECT id FROM bt_task WHERE finished_at < :cutoff FOR UPDATE"),
            "cutoff",
            cutoff)
        .mapTo(String.class)
        .list();
    int purged = 0;
    for (List<String> chunk : chunks(ids)) {
      purged += h.createUpdate("DELETE FROM bt_task WHERE id IN (<ids>)")
          .bindList("ids", chunk)
          .execute();
    }
    deleteChildren(h, ids);
    return purged;
  }
}
