package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.task.TaskError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * The writes a user's change makes (decided by the core, each one named operation guarded by the
 * task's version), the return of an expired lease, deletion and purging. Submits are {@link Submits}; the worker's writes, fenced by lease
 * token, are {@link WorkerWrites}.
 */
public final class TaskWrites {
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

  /** Removes one owner; the version guards it (see {@code TaskRecords}). */
  public static boolean detachOwner(Handle h, String id, long version, String owner) {
    if (!bump(h, "", id, version, "")) {
      return false;
    }
    h.createUpdate("DELETE FROM bt_task_owner WHERE task_id = :id AND owner = :owner")
        .bind("id", id)
        .bind("owner", owner)
        .execute();
    return true;
  }

  /** Flags a RUNNING task for its node to cancel. */
  public static boolean requestCancel(Handle h, String id, long version) {
    return bump(h, "cancel_requested = TRUE,", id, version, " AND state = 'RUNNING'");
  }

  /** Cancels a waiting task: CANCELLED, finished now, off the queue and the dedup index. */
  public static boolean cancelWaiting(
      Handle h, String id, long version, TaskError error, Instant now) {
    Update u = h.createUpdate("UPDATE bt_task SET state = 'CANCELLED', active_dedup_key = NULL,"
        + " finished_at = :now, error = :error, next_attempt_at = NULL, version = version + 1"
        + " WHERE id = :id AND version = :version AND state IN ('PENDING', 'SCHEDULED')");
    u.bind("id", id).bind("version", version).bind("error", Rows.json(error));
    return Rows.ts(u, "now", now).execute() > 0;
  }

  /** Writes the fields an owner edits. */
  public static boolean editDetails(Handle h, DetailsEdit e) {
    return h.createUpdate("UPDATE bt_task SET name = :name, description = :description,"
                + " link = :link, priority = :priority, version = version + 1"
                + " WHERE id = :id AND version = :version")
            .bind("name", e.name())
            .bind("description", e.description())
            .bind("link", e.link() == null ? null : e.link().toString())
            .bind("priority", e.priority().weight())
            .bind("id", e.id())
            .bind("version", e.version())
            .execute()
        > 0;
  }

  /**
   * Ends an expired lease as the core decided: only while the task is still RUNNING under the
   * token and its lease has expired by the store's clock; with the lost attempt's execution.
   */
  public static boolean returnExpiredLease(Handle h, LeaseReturn r, Instant now) {
    boolean finished = r.state().isFinished();
    Update u = h.createUpdate("UPDATE bt_task SET state = :state, error = :error,"
        + " finished_at = :finished_at, next_attempt_at = NULL,"
        + " active_dedup_key = CASE WHEN :finished THEN NULL ELSE dedup_key END,"
        + " lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
        + " cancel_requested = FALSE, version = version + 1"
        + " WHERE id = :id AND lease_token = :token AND state = 'RUNNING'"
        + " AND lease_expires_at <= :now");
    u.bind("state", r.state().name())
        .bind("error", Rows.json(r.error()))
        .bind("finished", finished)
        .bind("id", r.taskId())
        .bind("token", r.leaseToken());
    Rows.ts(u, "finished_at", finished ? now : null);
    if (Rows.ts(u, "now", now).execute() == 0) {
      return false;
    }
    Rows.bindExecution(h.createUpdate(Rows.INSERT_EXECUTION), r.execution()).execute();
    return true;
  }

  /** One guarded update: {@code set} then the version bump, if the version is still {@code v}. */
  private static boolean bump(Handle h, String set, String id, long v, String and) {
    return h.createUpdate("UPDATE bt_task SET " + set + " version = version + 1"
                + " WHERE id = :id AND version = :version" + and)
            .bind("id", id)
            .bind("version", v)
            .execute()
        > 0;
  }

  /** Deletes a task with its owners and executions, if its version is still {@code version}. */
  public static boolean delete(Handle h, String id, long version) {
    boolean deleted = h.createUpdate("DELETE FROM bt_task WHERE id = :id AND version = :v")
            .bind("id", id)
            .bind("v", version)
            .execute()
        > 0;
    if (deleted) {
      deleteChildren(h, List.of(id));
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

  /** Deletes up to {@code max} tasks finished before {@code cutoff}, with owners and executions. */
  public static int purgeFinishedBefore(Handle h, Instant cutoff, int max) {
    List<String> ids = Rows.ts(
            h.createQuery("SELECT id FROM bt_task WHERE finished_at < :cutoff"
                + " ORDER BY finished_at LIMIT :max FOR UPDATE"),
            "cutoff",
            cutoff)
        .bind("max", max)
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
