package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Submit-or-join on PostgreSQL: a batch costs a fixed number of statements whatever its size, with
 * SQL text that never changes (arrays bound whole). One ({@code insert-all}, or {@code insert-one}
 * for a single key) inserts the new tasks with their owners, {@code ON CONFLICT DO NOTHING} on the
 * active dedup key skipping the others; only if some were skipped, one more ({@code join-all}, or
 * {@code join-one}) locks their active tasks and joins them, and the joined tasks are read back. A
 * new task is not read back: it is exactly the row inserted. So a new single submit is one round
 * trip and the commit (one more with a configuration). A key whose active task vanishes between the
 * two (finished, or its insert rolled back) is inserted again, in a further round. The statements
 * are in {@code postgresql/Submits.sql}.
 */
final class PostgresSubmits implements SubmitOrJoin {
  private static final Sql SQL = Sql.of("postgresql/Submits");
  private static final String INSERT_ALL = SQL.get("insert-all");
  private static final String INSERT_ONE = SQL.get("insert-one");
  private static final String JOIN_ALL = SQL.get("join-all");
  private static final String JOIN_ONE = SQL.get("join-one");
  private static final String LOCK_CONFIGURATIONS = SQL.get("lock-configurations");

  /** Rounds of insert-then-join for keys whose active task keeps vanishing in between. */
  private static final int MAX_ROUNDS = 20;

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

  /** One statement for all of them. */
  @Override
  public Set<String> lockConfigurations(Handle h, List<String> ids) {
    Set<String> found = new HashSet<>();
    h.createQuery(LOCK_CONFIGURATIONS)
        .bindArray("ids", String.class, ids)
        .mapTo(String.class)
        .forEach(found::add);
    return found;
  }

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
  @Override
  public List<SubmitResult> submit(Handle h, List<NewTask> tasks) {
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
            : new SubmitResult(SubmitOrJoin.read(joined, k.joined), true);
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

  /** {@code insert-one} bound to one key, typed (a null keeps the statement's types). */
  private static Query insertOne(Handle h, Key k) {
    Query insert = h.createQuery(INSERT_ONE);
    for (ArrayColumn<NewTask> c : COLUMNS) {
      insert.bindByType(c.name(), c.value().apply(k.first), c.type());
    }
    return insert.bindArray("owners", String.class, List.copyOf(k.owners));
  }

  /** {@code insert-all} bound to the keys, a column's values in one array. */
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
    Query insert = h.createQuery(INSERT_ALL);
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

  /** {@code join-one} of one key: its active task's id by key, if it has one. */
  private static Map<String, String> joinOne(Handle h, Key k) {
    return h.createQuery(JOIN_ONE)
        .bind("key", k.first.dedupKey())
        .bindArray("owners", String.class, List.copyOf(k.owners))
        .mapTo(String.class)
        .findOne()
        .map(id -> Map.of(k.first.dedupKey(), id))
        .orElse(Map.of());
  }

  /** {@code join-all} of the keys: their active tasks' ids by key. */
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
    h.createQuery(JOIN_ALL)
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
    for (List<String> chunk : Sql.chunks(List.copyOf(ids))) {
      rows.putAll(TaskReads.load(h, chunk));
    }
    return rows;
  }

  /**
   * The row {@code insert-all} stores for {@code t}: {@link StoredTask#created}, its timestamps as
   * the columns keep them (so it equals what a later read returns).
   */
  private static StoredTask asStored(NewTask t, long seq) {
    NewTask stored = t.toBuilder()
        .nextAttemptAt(Rows.stored(t.nextAttemptAt()))
        .createdAt(Rows.stored(t.createdAt()))
        .build();
    return StoredTask.created(stored, seq, 0);
  }
}
