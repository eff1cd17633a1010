package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Every write to tasks, each atomic in one transaction, the worker's ones fenced by lease token. */
public final class TaskWrites {
  private static final String COLUMNS = "type, name, description, arguments, dedup_key,"
      + " active_dedup_key, state, priority, link, progress_done, progress_total,"
      + " progress_message, created_at, started_at, finished_at, result, error, attempt,"
      + " max_attempts, next_attempt_at, configuration_id, schedule_entry_id, lease_owner,"
      + " lease_token, lease_expires_at, cancel_requested";
  private static final String INSERT = "INSERT INTO bt_task (id, version, " + COLUMNS
      + ") VALUES (:id, 0, :" + COLUMNS.replace(", ", ", :").replace(",\n", ", :") + ")";
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

  private final Dialect dialect;
  private final String claimed;
  private final java.util.concurrent.locks.ReentrantLock claims =
      new java.util.concurrent.locks.ReentrantLock();

  public TaskWrites(Dialect dialect) {
    this.dialect = dialect;
    this.claimed = "state = 'RUNNING', attempt = attempt + 1, started_at = CURRENT_TIMESTAMP,"
        + " next_attempt_at = NULL, lease_owner = :node, lease_token = " + dialect.randomUuid()
        + ", lease_expires_at = " + dialect.plusMillis("CURRENT_TIMESTAMP", "lease")
        + ", cancel_requested = FALSE, version = version + 1";
  }

  /** Submit-or-join (rule 2) for a batch, in one transaction; a unique-key race retries it. */
  public List<SubmitResult> submit(org.jdbi.v3.core.Jdbi jdbi, List<NewTask> tasks) {
    for (int race = 0; ; race++) {
      try {
        return jdbi.inTransaction(h -> submitBatch(h, tasks));
      } catch (RuntimeException e) {
        if (!Guard.isUniqueViolation(e) || race >= 20) {
          throw e;
        }
        // another submit of the same key committed first: join it on the next round
      }
    }
  }

  /**
   * Submit-or-join on a handle whose transaction belongs to the host: no commit here, and a
   * unique-key race rolls back only to a savepoint of ours before it joins.
   */
  public List<SubmitResult> submitIn(Handle h, List<NewTask> tasks) {
    for (int race = 0; ; race++) {
      h.savepoint("bt_submit");
      try {
        List<SubmitResult> out = submitBatch(h, tasks);
        h.releaseSavepoint("bt_submit");
        return out;
      } catch (RuntimeException e) {
        h.rollbackToSavepoint("bt_submit");
        if (!Guard.isUniqueViolation(e) || race >= 20) {
          throw e;
        }
      }
    }
  }

  /**
   * The batch in a fixed number of statements, not a few per task: one locking read of the active
   * tasks with the batch's dedup keys, one batched insert of the new rows and one of their owners,
   * the joins, and one read of the results. A key that repeats inside the batch joins the task its
   * first occurrence created. Each result is the task as the transaction leaves it.
   */
  private static List<SubmitResult> submitBatch(Handle h, List<NewTask> tasks) {
    Set<String> configurations = new LinkedHashSet<>();
    Set<String> keys = new LinkedHashSet<>();
    for (NewTask t : tasks) {
      if (t.configurationId() != null) {
        configurations.add(t.configurationId());
      }
      keys.add(t.dedupKey());
    }
    for (String c : configurations) {
      boolean exists = h.createQuery("SELECT id FROM bt_configuration WHERE id = :id FOR UPDATE")
          .bind("id", c)
          .mapTo(String.class)
          .findOne()
          .isPresent();
      if (!exists) {
        throw new ConfigurationNotFoundException(c);
      }
    }
    Map<String, String> activeByKey = new HashMap<>();
    for (List<String> chunk : chunks(List.copyOf(keys))) {
      h.createQuery("SELECT id, active_dedup_key FROM bt_task WHERE active_dedup_key IN (<keys>)"
              + " FOR UPDATE")
          .bindList("keys", chunk)
          .map((rs, ctx) -> Map.entry(rs.getString("active_dedup_key"), rs.getString("id")))
          .forEach(e -> activeByKey.put(e.getKey(), e.getValue()));
    }
    PreparedBatch inserts = h.prepareBatch(INSERT);
    PreparedBatch owners =
        h.prepareBatch("INSERT INTO bt_task_owner (task_id, owner) VALUES (:id, :owner)");
    Set<String> created = new HashSet<>();
    Set<List<String>> createdOwners = new HashSet<>();
    Map<String, Set<String>> joins = new LinkedHashMap<>();
    List<String> resultIds = new ArrayList<>(tasks.size());
    List<Boolean> joined = new ArrayList<>(tasks.size());
    for (NewTask t : tasks) {
      String active = activeByKey.get(t.dedupKey());
      if (active == null) {
        Rows.bindTask(inserts.bind("id", t.id()), StoredTask.created(t, 0, 0)).add();
        owners.bind("id", t.id()).bind("owner", t.owner()).add();
        createdOwners.add(List.of(t.id(), t.owner()));
        activeByKey.put(t.dedupKey(), t.id());
        created.add(t.id());
        resultIds.add(t.id());
        joined.add(false);
      } else {
        if (created.contains(active)) {
          if (createdOwners.add(List.of(active, t.owner()))) {
            owners.bind("id", active).bind("owner", t.owner()).add();
          }
        } else {
          joins.computeIfAbsent(active, k -> new LinkedHashSet<>()).add(t.owner());
        }
        resultIds.add(active);
        joined.add(true);
      }
    }
    if (inserts.size() > 0) {
      inserts.execute();
    }
    if (owners.size() > 0) {
      owners.execute();
    }
    joins.forEach((id, joiners) -> {
      int added = 0;
      for (String owner : joiners) {
        added += h.createUpdate("INSERT INTO bt_task_owner (task_id, owner) SELECT :id, :owner"
                + " WHERE NOT EXISTS (SELECT 1 FROM bt_task_owner WHERE task_id = :id"
                + " AND owner = :owner)")
            .bind("id", id)
            .bind("owner", owner)
            .execute();
      }
      if (added > 0) {
        h.createUpdate("UPDATE bt_task SET version = version + 1 WHERE id = :id")
            .bind("id", id)
            .execute();
      }
    });
    Map<String, StoredTask> rows = new HashMap<>();
    for (List<String> chunk : chunks(List.copyOf(new LinkedHashSet<>(resultIds)))) {
      rows.putAll(TaskReads.load(h, chunk));
    }
    List<SubmitResult> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < resultIds.size(); i++) {
      StoredTask row = rows.get(resultIds.get(i));
      if (row == null) {
        throw new IllegalStateException("task " + resultIds.get(i) + " vanished while submitting");
      }
      out.add(new SubmitResult(row, joined.get(i)));
    }
    return out;
  }

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

  /** Claims up to {@code max} runnable tasks by priority then seq, skipping rows others lock. */
  public List<StoredTask> claim(org.jdbi.v3.core.Jdbi jdbi, String node, int max, Duration lease) {
    if (!dialect.serialisesClaims()) {
      return jdbi.inTransaction(h -> claim(h, node, max, lease));
    }
    claims.lock();
    try {
      return jdbi.inTransaction(h -> claim(h, node, max, lease));
    } finally {
      claims.unlock();
    }
  }

  private List<StoredTask> claim(Handle h, String node, int max, Duration lease) {
    if (dialect == Dialect.POSTGRESQL) {
      return claimPostgres(h, node, max, lease);
    }
    List<String> ids = h.createQuery("SELECT id FROM bt_task WHERE " + TaskReads.RUNNABLE
            + " ORDER BY priority DESC, seq LIMIT :max " + dialect.claimLock())
        .bind("max", max)
        .mapTo(String.class)
        .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    h.createUpdate("UPDATE bt_task SET " + claimed + " WHERE id IN (<ids>)")
        .bind("node", node)
        .bind("lease", lease.toMillis())
        .bindList("ids", ids)
        .execute();
    return List.copyOf(TaskReads.load(h, ids).values());
  }

  /**
   * One statement picks, locks (skipping rows other nodes hold) and marks the tasks. The ordered
   * scan of the queue index is pinned for this transaction: a queue table filled from empty has
   * stale statistics, and the planner would otherwise sort every waiting row to return a few.
   */
  private List<StoredTask> claimPostgres(Handle h, String node, int max, Duration lease) {
    h.createQuery("SELECT set_config('enable_bitmapscan', 'off', true),"
            + " set_config('enable_sort', 'off', true)")
        .mapTo(String.class)
        .list();
    List<String> ids = h.createQuery("WITH picked AS (SELECT id FROM bt_task WHERE "
            + TaskReads.RUNNABLE + " ORDER BY priority DESC, seq LIMIT :max FOR UPDATE SKIP LOCKED)"
            + " UPDATE bt_task t SET " + claimed + " FROM picked WHERE t.id = picked.id"
            + " RETURNING t.id")
        .bind("max", max)
        .bind("node", node)
        .bind("lease", lease.toMillis())
        .mapTo(String.class)
        .list();
    return ids.isEmpty() ? List.of() : List.copyOf(TaskReads.load(h, ids).values());
  }

  public Map<String, LeaseStatus> extendLeases(
      Handle h, Map<String, String> tokens, Duration lease) {
    List<String> ids = List.copyOf(tokens.keySet());
    PreparedBatch batch = h.prepareBatch("UPDATE bt_task SET lease_expires_at = "
        + dialect.plusMillis("CURRENT_TIMESTAMP", "lease") + ", version = version + 1"
        + " WHERE id = :id AND lease_token = :token AND state = 'RUNNING'");
    for (String id : ids) {
      batch
          .bind("id", id)
          .bind("token", tokens.get(id))
          .bind("lease", lease.toMillis())
          .add();
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

  public static List<Boolean> complete(Handle h, List<Completion> completions) {
    PreparedBatch batch = h.prepareBatch("UPDATE bt_task SET state = :state, attempt = :attempt,"
        + " progress_done = :progress_done, progress_total = :progress_total,"
        + " progress_message = :progress_message, result = :result, error = :error,"
        + " finished_at = :finished_at, next_attempt_at = :next_attempt_at,"
        + " active_dedup_key = CASE WHEN :finished THEN NULL ELSE dedup_key END,"
        + " lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,"
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
          .bind("id", c.taskId())
          .bind("token", c.leaseToken());
      Rows.ts(batch, "finished_at", c.finishedAt());
      Rows.ts(batch, "next_attempt_at", c.nextAttemptAt());
      batch.add();
    }
    int[] counts = batch.execute();
    List<Boolean> applied = new ArrayList<>(counts.length);
    PreparedBatch executions = h.prepareBatch(Rows.INSERT_EXECUTION);
    for (int i = 0; i < counts.length; i++) {
      applied.add(counts[i] > 0);
      if (counts[i] > 0) {
        Rows.bindExecution(executions, completions.get(i).execution()).add();
      }
    }
    if (executions.size() > 0) {
      executions.execute();
    }
    return applied;
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
