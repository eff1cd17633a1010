package io.btmanager.store.jdbc.internal;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Submit-or-join on H2 (one process, no {@code ON CONFLICT}): locks the batch's keys first and
 * inserts with JDBC batches. This store's own submits take turns (concurrent batches sharing keys
 * would otherwise fail each other on the unique index over and over), and a submit that still meets
 * a concurrent insert of a key (a host's transaction, another store on the file) fails on the
 * unique index and is run again by {@link Submits}, to join. The statements are in {@code
 * h2/Submits.sql}.
 */
final class H2Submits implements SubmitOrJoin {
  private static final Sql SQL = Sql.of("h2/Submits");
  private static final String LOCK_CONFIGURATIONS = SQL.get("lock-configurations");
  private static final String LOCK_ACTIVE = SQL.get("lock-active");
  private static final String INSERT = SQL.get("insert");
  private static final String INSERT_OWNER = SQL.get("insert-owner");
  private static final String JOIN_OWNER = SQL.get("join-owner");
  private static final String BUMP_VERSION = SQL.get("bump-version");

  /** This store's submits, one at a time. */
  private final OneAtATime turns = new OneAtATime();

  @Override
  public <T> T inTurn(Supplier<T> submit) {
    return turns.run(submit);
  }

  @Override
  public Set<String> lockConfigurations(Handle h, List<String> ids) {
    Set<String> found = new HashSet<>();
    for (List<String> chunk : Sql.chunks(ids)) {
      h.createQuery(LOCK_CONFIGURATIONS)
          .bindList("ids", chunk)
          .mapTo(String.class)
          .forEach(found::add);
    }
    return found;
  }

  /**
   * The batch in a fixed number of statements, not a few per task: one locking read of the active
   * tasks with the batch's dedup keys, one batched insert of the new rows and one of their owners,
   * the joins, and one read of the results. A key that repeats inside the batch joins the task its
   * first occurrence created.
   */
  @Override
  public List<SubmitResult> submit(Handle h, List<NewTask> tasks) {
    Set<String> keys = new LinkedHashSet<>();
    for (NewTask t : tasks) {
      keys.add(t.dedupKey());
    }
    Map<String, String> activeByKey = new HashMap<>();
    for (List<String> chunk : Sql.chunks(List.copyOf(keys))) {
      h.createQuery(LOCK_ACTIVE)
          .bindList("keys", chunk)
          .map((rs, ctx) -> Map.entry(rs.getString("active_dedup_key"), rs.getString("id")))
          .forEach(e -> activeByKey.put(e.getKey(), e.getValue()));
    }
    PreparedBatch inserts = h.prepareBatch(INSERT);
    PreparedBatch owners = h.prepareBatch(INSERT_OWNER);
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
    joins.forEach((id, joiners) -> join(h, id, joiners));
    Map<String, StoredTask> rows = new HashMap<>();
    for (List<String> chunk : Sql.chunks(List.copyOf(new LinkedHashSet<>(resultIds)))) {
      rows.putAll(TaskReads.load(h, chunk));
    }
    List<SubmitResult> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < resultIds.size(); i++) {
      out.add(new SubmitResult(SubmitOrJoin.read(rows, resultIds.get(i)), joined.get(i)));
    }
    return out;
  }

  /** Adds the owners missing from a locked task; bumps its version if any was added. */
  private static void join(Handle h, String id, Set<String> joiners) {
    int added = 0;
    for (String owner : joiners) {
      added += h.createUpdate(JOIN_OWNER).bind("id", id).bind("owner", owner).execute();
    }
    if (added > 0) {
      h.createUpdate(BUMP_VERSION).bind("id", id).execute();
    }
  }
}
