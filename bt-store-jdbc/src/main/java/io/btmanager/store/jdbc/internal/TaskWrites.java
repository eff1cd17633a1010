package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.task.TaskError;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * The writes a user's change makes (decided by the core, each one named operation guarded by the
 * task's version), the return of an expired lease, deletion and purging. Submits are {@link
 * Submits}; the worker's writes, fenced by lease token, are {@link WorkerWrites}. The statements are
 * in {@code TaskWrites.sql}.
 */
public final class TaskWrites {
  private static final Sql SQL = Sql.of("TaskWrites");
  private static final String BUMP = SQL.get("bump");
  private static final String DELETE_OWNER = SQL.get("delete-owner");
  private static final String REQUEST_CANCEL = SQL.get("request-cancel");
  private static final String CANCEL_WAITING = SQL.get("cancel-waiting");
  private static final String EDIT_DETAILS = SQL.get("edit-details");
  private static final String RETURN_EXPIRED_LEASE = SQL.get("return-expired-lease");
  private static final String DELETE = SQL.get("delete");
  private static final String DELETE_OWNERS_OF = SQL.get("delete-owners-of");
  private static final String DELETE_EXECUTIONS_OF = SQL.get("delete-executions-of");
  private static final String PURGE_PICK = SQL.get("purge-pick");
  private static final String PURGE = SQL.get("purge");

  private TaskWrites() {}

  /** Removes one owner; the version guards it (see {@code TaskRecords}). */
  public static boolean detachOwner(Handle h, String id, long version, String owner) {
    if (!guarded(h, BUMP, id, version)) {
      return false;
    }
    h.createUpdate(DELETE_OWNER).bind("id", id).bind("owner", owner).execute();
    return true;
  }

  /** Flags a RUNNING task for its node to cancel. */
  public static boolean requestCancel(Handle h, String id, long version) {
    return guarded(h, REQUEST_CANCEL, id, version);
  }

  /** Cancels a waiting task: CANCELLED, finished now, off the queue and the dedup index. */
  public static boolean cancelWaiting(
      Handle h, String id, long version, TaskError error, Instant now) {
    Update u = h.createUpdate(CANCEL_WAITING);
    u.bind("id", id).bind("version", version).bind("error", Rows.json(error));
    return Rows.ts(u, "now", now).execute() > 0;
  }

  /** Writes the fields an owner edits. */
  public static boolean editDetails(Handle h, DetailsEdit e) {
    return h.createUpdate(EDIT_DETAILS)
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
    Update u = h.createUpdate(RETURN_EXPIRED_LEASE);
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

  /** One update guarded by the version: applied if the version is still {@code v}. */
  private static boolean guarded(Handle h, String update, String id, long v) {
    return h.createUpdate(update).bind("id", id).bind("version", v).execute() > 0;
  }

  /** Deletes a task with its owners and executions, if its version is still {@code version}. */
  public static boolean delete(Handle h, String id, long version) {
    boolean deleted = h.createUpdate(DELETE).bind("id", id).bind("v", version).execute() > 0;
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
    for (List<String> chunk : Sql.chunks(ids)) {
      h.createUpdate(DELETE_OWNERS_OF).bindList("ids", chunk).execute();
      h.createUpdate(DELETE_EXECUTIONS_OF).bindList("ids", chunk).execute();
    }
  }

  /** Deletes up to {@code max} tasks finished before {@code cutoff}, with owners and executions. */
  public static int purgeFinishedBefore(Handle h, Instant cutoff, int max) {
    List<String> ids = Rows.ts(h.createQuery(PURGE_PICK), "cutoff", cutoff)
        .bind("max", max)
        .mapTo(String.class)
        .list();
    int purged = 0;
    for (List<String> chunk : Sql.chunks(ids)) {
      purged += h.createUpdate(PURGE).bindList("ids", chunk).execute();
    }
    deleteChildren(h, ids);
    return purged;
  }
}
