package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Progress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * Submit-or-join (rule 2) of a batch of new tasks, in one transaction: a task whose dedup key has
 * an active task joins it (its owner is added), any other is inserted; a key repeated in the batch
 * is inserted by its first occurrence and joined by the others. Atomic under any concurrency, on
 * one node or many: simultaneous submits of one key make exactly one task, with every submitter
 * among its owners. A submit naming a missing configuration throws and writes nothing. The results
 * are in input order, each the task as the transaction leaves it; seqs follow input order.
 *
 * <p>On PostgreSQL a batch costs a fixed number of statements whatever its size, with SQL text
 * that never changes (arrays bound whole): one ({@link #PG_INSERT}, or {@link #PG_INSERT_ONE} for
 * a single key) inserts the new tasks with their owners, {@code ON CONFLICT DO NOTHING} on the
 * active dedup key skipping the others; only if some were skipped, one more ({@link #PG_JOIN}, or
 * {@link #PG_JOIN_ONE}) locks their active tasks and joins them, and the joined tasks are read
 * back. A new task is not read back: it is exactly the row inserted. So a new single submit is one
 * round trip and the commit (one more with a configuration). A key whose active task vanishes
 * between the two (finished, or its insert rolled back) is inserted again, in a further round.
 *
 * <p>H2 (one process, no {@code ON CONFLICT}) locks the batch's keys first and inserts with JDBC
 * batches; this store's own submits take turns (concurrent batches sharing keys would otherwise fail
 * each other on the unique index over and over), and a submit that still meets a concurrent insert
 * of a key (a host's transaction, another store on the file) fails on the unique index and is run
 * again, to join.
 */
public final class Submits {
  /** Rounds of insert-then-join for keys whose active task keeps vanishing in between. */
  private static final int MAX_ROUNDS = 20;

  /** Whole-transaction retries on a unique-key race (H2) or a deadlock (PostgreSQL). */
  private static final int MAX_RETRIES = 20;

  /** SQLState of a deadlock PostgreSQL broke by failing this transaction. */
  private static final String DEADLOCK = "40P01";

  /**
   * Inserts the first task of each key with the owners of all the key's occurrences, skipping
   * (without error) each task whose key has an active task: committed, inserted earlier in this
   * transaction, or inserted by a concurrent transaction, which is waited for. Returns the inserted
   * tasks' ids and seqs. Seqs are drawn in input order, but rows are inserted in key order, so that
   * concurrent batches sharing keys queue on each other instead of deadlocking. The constant
   * columns of a fresh task are literals: what {@link StoredTask#created} makes of a {@link
   * NewTask}. Its plan touches {@code bt_task} only through the unique index of the active keys,
   * so the plan the server caches for it suits any table size.
   */
  private static final String PG_INSERT = "WITH ins AS ("
      + "INSERT INTO bt_task (id, seq, version, type, name, description, arguments, dedup_key,"
      + " active_dedup_key, state, priority, link, progress_done, progress_total,"
      + " progress_message, created_at, attempt, max_attempts, next_attempt_at,"
      + " configuration_id, schedule_entry_id, cancel_requested)"
      + " SELECT t.id, t.seq, 0, t.type, t.name, t.description, t.arguments, t.dedup_key,"
      + " t.dedup_key, t.state, t.priority, t.link, " + Progress.NONE.done() + ", "
      + Progress.NONE.total() + ", '" + Progress.NONE.message().replace("'", "''") + "',"
      + " t.created_at, 0, t.max_attempts, t.next_attempt_at, t.configuration_id,"
      + " t.schedule_entry_id, FALSE"
      + " FROM (SELECT u.*,"
      + " nextval((SELECT pg_get_serial_sequence('bt_task', 'seq')::regclass)) AS seq"
      + " FROM unnest(:id::varchar[], :type::varchar[], :name::varchar[],"
      + " :description::varchar[], :arguments::text[], :dedup_key::varchar[], :state::varchar[],"
      + " :priority::int[], :link::varchar[], :created_at::timestamptz[], :max_attempts::int[],"
      + " :next_attempt_at::timestamptz[], :configuration_id::varchar[],"
      + " :schedule_entry_id::varchar[])"
      + " AS u(id, type, name, description, arguments, dedup_key, state, priority, link,"
      + " created_at, max_attempts, next_attempt_at, configuration_id, schedule_entry_id)) AS t"
      + " ORDER BY t.dedup_key"
      + " ON CONFLICT (active_dedup_key) WHERE active_dedup_key IS NOT NULL DO NOTHING"
      + " RETURNING id, seq),"
      + " own AS (INSERT INTO bt_task_owner (task_id, owner)"
      + " SELECT o.task_id, o.owner FROM unnest(:owner_task::varchar[], :owner::varchar[])"
      + " AS o(task_id, owner) JOIN ins ON ins.id = o.task_id)"
      + " SELECT id, seq FROM ins";

  /**
   * {@link #PG_INSERT} for a single key, with scalar parameters: a round trip's worth cheaper to
   * bind and run than one-element arrays, for the commonest submit of all.
   */
  private static final String PG_INSERT_ONE = "WITH ins AS ("
      + "INSERT INTO bt_task (id, version, type, name, description, arguments, dedup_key,"
      + " active_dedup_key, state, priority, link, progress_done, progress_total,"
      + " progress_message, created_at, attempt, max_attempts, next_attempt_at,"
      + " configuration_id, schedule_entry_id, cancel_requested)"
      + " VALUES (:id, 0, :type, :name, :description, :arguments, :dedup_key, :dedup_key, :state,"
      + " :priority, :link, " + Progress.NONE.done() + ", " + Progress.NONE.total() + ", '"
      + Progress.NONE.message().replace("'", "''") + "', :created_at::timestamptz, 0,"
      + " :max_attempts, :next_attempt_at::timestamptz, :configuration_id, :schedule_entry_id,"
      + " FALSE)"
      + " ON CONFLICT (active_dedup_key) WHERE active_dedup_key IS NOT NULL DO NOTHING"
      + " RETURNING id, seq),"
      + " own AS (INSERT INTO bt_task_owner (task_id, owner)"
      + " SELECT ins.id, o.owner FROM ins, unnest(:owners::varchar[]) AS o(owner))"
      + " SELECT id, seq FROM ins";

  /**
   * Joins the active tasks of keys whose insert was skipped: locks each (a task that finished
   * meanwhile is not locked, nor returned), adds the owners it does not have yet, and bumps its
   * version if it gained one. Returns the locked tasks' ids and keys. The server plans it for each
   * call (its array parameter makes a cached plan look dearer), so its plan follows the table's
   * size.
   */
  private static final String PG_JOIN = "WITH locked AS ("
      + "SELECT id, active_dedup_key FROM bt_task WHERE active_dedup_key = ANY(:keys::varchar[])"
      + " FOR UPDATE),"
      + " added AS (INSERT INTO bt_task_owner (task_id, owner)"
      + " SELECT l.id, o.owner FROM locked l"
      + " JOIN unnest(:owner_key::varchar[], :owner::varchar[]) AS o(dedup_key, owner)"
      + " ON o.dedup_key = l.active_dedup_key"
      + " ON CONFLICT DO NOTHING RETURNING task_id),"
      + " bumped AS (UPDATE bt_task SET version = version + 1"
      + " WHERE id IN (SELECT task_id FROM added))"
      + " SELECT id, active_dedup_key FROM locked";

  /**
   * {@link #PG_JOIN} for a single key, with scalar parameters. Its lookups are equalities on unique
   * indexes, which the server plans as index scans even for a table it believes tiny, so it can
   * keep one plan for it (no planning per call) whatever the table grows to.
   */
  private static final String PG_JOIN_ONE = "WITH locked AS ("
      + "SELECT id FROM bt_task WHERE active_dedup_key = :key FOR UPDATE),"
      + " added AS (INSERT INTO bt_task_owner (task_id, owner)"
      + " SELECT l.id, o.owner FROM locked l, unnest(:owners::varchar[]) AS o(owner)"
      + " ON CONFLICT DO NOTHING RETURNING task_id),"
      + " bumped AS (UPDATE bt_task SET version = version + 1"
      + " WHERE id = (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM added))"
      + " SELECT id FROM locked";

  /** A task parameter of {@link #PG_INSERT} (an array) and {@link #PG_INSERT_ONE}. */
  /** The parameters that carry the tasks: their names, (element) types and values. */
  private static final List<ArrayColumn<NewTask>> COLUMNS = List.of(
      new ArrayColumn<>("id", String.class, NewTask::id),
      new ArrayColumn<>("type", String.class, NewTask::type),
      new ArrayColumn<>("name", String.class, NewTask::name),
      new ArrayColumn<>("description", String.class, NewTask::description),
      new ArrayColumn<>("arguments", String.class, NewTask::argumentsJson),
      new ArrayColumn<>("dedup_key", String.class, NewTask::dedupKey),
      new ArrayColumn<>("state", String.class, t -> t.state().name()),
      new ArrayColumn<>("priority", Integer.class, t -> t.priority().weight()),
      new ArrayColumn<>(
          "link", String.class, t -> t.link() == null ? null : t.link().toString()),
      new ArrayColumn<>("created_at", String.class, t -> Rows.text(t.createdAt())),
      new ArrayColumn<>("max_attempts", Integer.class, NewTask::maxAttempts),
      new ArrayColumn<>("next_attempt_at", String.class, t -> Rows.text(t.nextAttemptAt())),
      new ArrayColumn<>("configuration_id", String.class, NewTask::configurationId),
      new ArrayColumn<>("schedule_entry_id", String.class, NewTask::scheduleEntryId));

  private static final String PG_LOCK_CONFIGURATIONS =
      "SELECT id FROM bt_configuration WHERE id = ANY(:ids::varchar[]) FOR UPDATE";

  private static final String H2_INSERT = "INSERT INTO bt_task (id, version, type, name,"
      + " description, arguments, dedup_key, active_dedup_key, state, priority, link,"
      + " progress_done, progress_total, progress_message, created_at, started_at, finished_at,"
      + " result, error, attempt, max_attempts, next_attempt_at, configuration_id,"
      + " schedule_entry_id, lease_owner, lease_token, lease_expires_at, cancel_requested)"
      + " VALUES (:id, 0, :type, :name, :description, :arguments, :dedup_key, :active_dedup_key,"
      + " :state, :priority, :link, :progress_done, :progress_total, :progress_message,"
      + " :created_at, :started_at, :finished_at, :result, :error, :attempt, :max_attempts,"
      + " :next_attempt_at, :configuration_id, :schedule_entry_id, :lease_owner, :lease_token,"
      + " :lease_expires_at, :cancel_requested)";

  /** Ids or keys per IN list (PostgreSQL takes at most 32,767 parameters a statement). */
  private static final int IN_CHUNK = 1_000;

  private final Dialect dialect;
  /** H2: this store's own submits take turns ({@link Dialect#serialisesSubmits()}). */
  private final ReentrantLock turns = new ReentrantLock();

  public Submits(Dialect dialect) {
    this.dialect = dialect;
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
      if (!Catalog.advanceScheduleEntry(h, o)) {
        return OccurrenceFired.NOT_FIRED;
      }
      NewTask task = o.task();
      return new OccurrenceFired(
          true, task == null ? null : submitBatch(h, List.of(task)).get(0));
    });
  }

  /** {@code work} in a transaction of its own, taking turns where the dialect needs it, retried. */
  private <T> T inTurn(Jdbi jdbi, HandleCallback<T, RuntimeException> work) {
    if (!dialect.serialisesSubmits()) {
      return retrying(jdbi, work);
    }
    turns.lock();
    try {
      return retrying(jdbi, work);
    } finally {
      turns.unlock();
    }
  }

  private <T> T retrying(Jdbi jdbi, HandleCallback<T, RuntimeException> work) {
    for (int retry = 0; ; retry++) {
      try {
        return jdbi.inTransaction(work);
      } catch (RuntimeException e) {
        if (!isRetryable(e) || retry >= MAX_RETRIES) {
          throw e;
        }
      }
    }
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
    return dialect == Dialect.POSTGRESQL ? submitPostgres(h, tasks) : submitH2(h, tasks);
  }

  /**
   * Locks the configurations the batch names, so none is deleted before this transaction ends, in
   * one statement; throws before anything is written when one does not exist.
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
    Set<String> found = new HashSet<>();
    if (dialect == Dialect.POSTGRESQL) {
      h.createQuery(PG_LOCK_CONFIGURATIONS)
          .bindArray("ids", String.class, List.copyOf(wanted))
          .mapTo(String.class)
          .forEach(found::add);
    } else {
      for (List<String> chunk : chunks(List.copyOf(wanted))) {
        h.createQuery("SELECT id FROM bt_configuration WHERE id IN (<ids>) FOR UPDATE")
            .bindList("ids", chunk)
            .mapTo(String.class)
            .forEach(found::add);
      }
    }
    for (String c : wanted) {
      if (!found.contains(c)) {
        throw new ConfigurationNotFoundException(c);
      }
    }
  }

  // ---------------------------------------------------------------- PostgreSQL

  /**
   * The batch's occurrences of one dedup key: the first creates the task (unless an active one
   * exists), the others join it; {@code owners} are the distinct owners of all of them.
   */
  private static final class Key {
    final NewTask first;
    final List<Integer> positions = new ArrayList<>();
    final Set<String> owners = new LinkedHashSet<>();
    StoredTask created;
    String joined;

    Key(NewTask first) {
      this.first = first;
    }
  }

  /**
   * Inserts the batch's keys, joins those that have an active task, and inserts again the keys
   * whose active task vanished in between (it finished, or its insert rolled back; bounded), then
   * reads the joined tasks.
   */
  private static List<SubmitResult> submitPostgres(Handle h, List<NewTask> tasks) {
    Map<String, Key> keys = new LinkedHashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      NewTask t = tasks.get(i);
      Key k = keys.computeIfAbsent(t.dedupKey(), x -> new Key(t));
      k.positions.add(i);
      k.owners.add(t.owner());
    }
    List<Key> pending = List.copyOf(keys.values());
    for (int round = 0; !pending.isEmpty(); round++) {
      if (round >= MAX_ROUNDS) {
        throw new IllegalStateException("the active tasks of " + pending.size()
            + " dedup keys kept vanishing while they were being joined");
      }
      List<Key> conflicted = insert(h, pending);
      pending = conflicted.isEmpty() ? List.of() : join(h, conflicted);
    }
    Map<String, StoredTask> joined = readJoined(h, keys.values());
    SubmitResult[] out = new SubmitResult[tasks.size()];
    for (Key k : keys.values()) {
      for (int i : k.positions) {
        out[i] = k.created != null
            ? new SubmitResult(k.created, i != k.positions.get(0))
            : new SubmitResult(joined(joined, k.joined), true);
      }
    }
    return List.of(out);
  }

  /**
   * Inserts the keys' first tasks in one statement; sets {@link Key#created} on each key it
   * inserted, from the task submitted (timestamps as stored) and the seq assigned. Returns the keys
   * whose insert was skipped.
   */
  private static List<Key> insert(Handle h, List<Key> keys) {
    Map<String, Long> seqs = new HashMap<>();
    Query insert = keys.size() == 1 ? insertOne(h, keys.get(0)) : insertAll(h, keys);
    insert
        .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getLong("seq")))
        .forEach(e -> seqs.put(e.getKey(), e.getValue()));
    List<Key> skipped = new ArrayList<>();
    for (Key k : keys) {
      Long seq = seqs.get(k.first.id());
      if (seq == null) {
        skipped.add(k);
      } else {
        k.created = asStored(k.first, seq).withOwners(k.owners);
      }
    }
    return skipped;
  }

  /** {@link #PG_INSERT_ONE} bound to one key, typed (a null keeps the statement's types). */
  private static Query insertOne(Handle h, Key k) {
    Query insert = h.createQuery(PG_INSERT_ONE);
    for (ArrayColumn<NewTask> c : COLUMNS) {
      insert.bindByType(c.name(), c.value().apply(k.first), c.type());
    }
    return insert.bindArray("owners", String.class, List.copyOf(k.owners));
  }

  /** {@link #PG_INSERT} bound to the keys, a column's values in one array. */
  private static Query insertAll(Handle h, List<Key> keys) {
    List<NewTask> tasks = new ArrayList<>(keys.size());
    List<String> ownerTask = new ArrayList<>();
    List<String> owner = new ArrayList<>();
    for (Key k : keys) {
      tasks.add(k.first);
      for (String o : k.owners) {
        ownerTask.add(k.first.id());
        owner.add(o);
      }
    }
    Query insert = h.createQuery(PG_INSERT);
    ArrayColumn.bindAll(insert, COLUMNS, tasks);
    return insert
        .bindArray("owner_task", String.class, ownerTask)
        .bindArray("owner", String.class, owner);
  }

  /**
   * Joins the keys' active tasks in one statement; sets {@link Key#joined} on each key whose active
   * task it locked. Returns the keys that have no active task any more.
   */
  private static List<Key> join(Handle h, List<Key> keys) {
    Map<String, String> locked = keys.size() == 1 ? joinOne(h, keys.get(0)) : joinAll(h, keys);
    List<Key> vanished = new ArrayList<>();
    for (Key k : keys) {
      k.joined = locked.get(k.first.dedupKey());
      if (k.joined == null) {
        vanished.add(k);
      }
    }
    return vanished;
  }

  /** {@link #PG_JOIN_ONE} of one key: its active task's id by key, if it has one. */
  private static Map<String, String> joinOne(Handle h, Key k) {
    return h.createQuery(PG_JOIN_ONE)
        .bind("key", k.first.dedupKey())
        .bindArray("owners", String.class, List.copyOf(k.owners))
        .mapTo(String.class)
        .findOne()
        .map(id -> Map.of(k.first.dedupKey(), id))
        .orElse(Map.of());
  }

  /** {@link #PG_JOIN} of the keys: their active tasks' ids by key. */
  private static Map<String, String> joinAll(Handle h, List<Key> keys) {
    List<String> dedupKeys = new ArrayList<>();
    List<String> ownerKey = new ArrayList<>();
    List<String> owner = new ArrayList<>();
    for (Key k : keys) {
      dedupKeys.add(k.first.dedupKey());
      for (String o : k.owners) {
        ownerKey.add(k.first.dedupKey());
        owner.add(o);
      }
    }
    Map<String, String> locked = new HashMap<>();
    h.createQuery(PG_JOIN)
        .bindArray("keys", String.class, dedupKeys)
        .bindArray("owner_key", String.class, ownerKey)
        .bindArray("owner", String.class, owner)
        .map((rs, ctx) -> Map.entry(rs.getString("active_dedup_key"), rs.getString("id")))
        .forEach(e -> locked.put(e.getKey(), e.getValue()));
    return locked;
  }

  /** The tasks the keys joined, as the transaction leaves them (owners added, version bumped). */
  private static Map<String, StoredTask> readJoined(Handle h, Collection<Key> keys) {
    Set<String> ids = new LinkedHashSet<>();
    for (Key k : keys) {
      if (k.joined != null) {
        ids.add(k.joined);
      }
    }
    Map<String, StoredTask> rows = new HashMap<>();
    for (List<String> chunk : chunks(List.copyOf(ids))) {
      rows.putAll(TaskReads.load(h, chunk));
    }
    return rows;
  }

  /**
   * The row {@link #PG_INSERT} stores for {@code t}: {@link StoredTask#created}, its timestamps
   * as the columns keep them (so it equals what a later read returns).
   */
  private static StoredTask asStored(NewTask t, long seq) {
    NewTask stored = new NewTask(
        t.id(),
        t.type(),
        t.name(),
        t.description(),
        t.argumentsJson(),
        t.dedupKey(),
        t.priority(),
        t.owner(),
        t.link(),
        t.state(),
        Rows.stored(t.nextAttemptAt()),
        t.maxAttempts(),
        t.configurationId(),
        t.scheduleEntryId(),
        Rows.stored(t.createdAt()));
    return StoredTask.created(stored, seq, 0);
  }

  private static StoredTask joined(Map<String, StoredTask> rows, String id) {
    StoredTask row = rows.get(id);
    if (row == null) {
      throw new IllegalStateException("task " + id + " vanished while submitting");
    }
    return row;
  }

  // ---------------------------------------------------------------- H2

  /**
   * The batch in a fixed number of statements, not a few per task: one locking read of the active
   * tasks with the batch's dedup keys, one batched insert of the new rows and one of their owners,
   * the joins, and one read of the results. A key that repeats inside the batch joins the task its
   * first occurrence created. A concurrent insert of the same key fails this one on the unique
   * index; {@link #submit} then runs it again, and it joins.
   */
  private static List<SubmitResult> submitH2(Handle h, List<NewTask> tasks) {
    Set<String> keys = new LinkedHashSet<>();
    for (NewTask t : tasks) {
      keys.add(t.dedupKey());
    }
    Map<String, String> activeByKey = new HashMap<>();
    for (List<String> chunk : chunks(List.copyOf(keys))) {
      h.createQuery("SELECT id, active_dedup_key FROM bt_task WHERE active_dedup_key IN (<keys>)"
              + " FOR UPDATE")
          .bindList("keys", chunk)
          .map((rs, ctx) -> Map.entry(rs.getString("active_dedup_key"), rs.getString("id")))
          .forEach(e -> activeByKey.put(e.getKey(), e.getValue()));
    }
    PreparedBatch inserts = h.prepareBatch(H2_INSERT);
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
    joins.forEach((id, joiners) -> joinH2(h, id, joiners));
    Map<String, StoredTask> rows = new HashMap<>();
    for (List<String> chunk : chunks(List.copyOf(new LinkedHashSet<>(resultIds)))) {
      rows.putAll(TaskReads.load(h, chunk));
    }
    List<SubmitResult> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < resultIds.size(); i++) {
      out.add(new SubmitResult(joined(rows, resultIds.get(i)), joined.get(i)));
    }
    return out;
  }

  /** Adds the owners missing from a locked task; bumps its version if any was added. */
  private static void joinH2(Handle h, String id, Set<String> joiners) {
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
  }

  /** Splits a list for IN lists and reads by id. */
  private static List<List<String>> chunks(List<String> all) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) {
      out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    }
    return out;
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
