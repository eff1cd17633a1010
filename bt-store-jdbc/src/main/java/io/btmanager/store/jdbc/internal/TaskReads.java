package io.btmanager.store.jdbc.internal;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.WorkQueue;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** Reading tasks: by id, by query (filtered, collapsed, sorted, paged), queue positions, leases. */
public final class TaskReads {
  /** The waiting states: the queue index's predicate. */
  private static final String WAITING = "state IN ('PENDING', 'SCHEDULED')";

  /**
   * The store's now in a statement: bound by the caller as {@code :now} from {@code
   * JdbcTaskStore#now()}, never the server's {@code CURRENT_TIMESTAMP}, so that the store and the
   * core judge time by one clock and tests can set it.
   */
  static final String NOW = "CAST(:now AS TIMESTAMP WITH TIME ZONE)";

  static final String RUNNABLE =
      WAITING + " AND (next_attempt_at IS NULL OR next_attempt_at <= " + NOW + ")";
  private static final String FINISHED = "state IN ('SUCCEEDED', 'FAILED', 'CANCELLED')";

  /**
   * The runnable tasks ahead of task {@code :id} (no row when it is not runnable now), in one
   * statement, so one snapshot: two range counts of the queue index (priority DESC, seq), the
   * higher priorities and the same priority with a lower seq. One count of "priority > p OR
   * (priority = p AND seq < s)" is no range of that index and would scan all of it.
   */
  private static final String QUEUE_AHEAD =
      "SELECT " + ahead(RUNNABLE) + " FROM bt_task me WHERE me.id = :id AND " + RUNNABLE;

  /**
   * {@link #QUEUE_AHEAD} on PostgreSQL: the two range counts of the whole queue index ({@code
   * bt_task_queue}, whose predicate is the state test), less the same two of the index of the
   * waiting tasks not due yet ({@code bt_task_queue_later}, schema version 4). Each is an
   * index-only scan that tests nothing on an entry: testing each entry's {@code next_attempt_at}
   * instead made counting 50,000 entries take 3.9 ms rather than 3.5 (PostgreSQL 18, generic
   * plans, p50 of 300), and few tasks wait for a later time.
   */
  private static final String PG_QUEUE_AHEAD = "SELECT "
      + ahead(WAITING) + " - ("
      + ahead(WAITING + " AND next_attempt_at IS NOT NULL AND next_attempt_at > " + NOW)
      + ") FROM bt_task me WHERE me.id = :id AND " + RUNNABLE;

  /** The sum of the two range counts of the tasks matching {@code where} ahead of {@code me}. */
  private static String ahead(String where) {
    return "(SELECT COUNT(*) FROM bt_task WHERE " + where + " AND priority > me.priority)"
        + " + (SELECT COUNT(*) FROM bt_task WHERE " + where
        + " AND priority = me.priority AND seq < me.seq)";
  }

  private TaskReads() {}

  /**
   * A task row with its owners, in one statement on both dialects (H2 has no {@code ARRAY(query)};
   * both have {@code ARRAY_AGG}): {@link Rows#owners} reads the column.
   */
  static final String WITH_OWNERS = "SELECT t.*, (SELECT ARRAY_AGG(o.owner) FROM bt_task_owner o"
      + " WHERE o.task_id = t.id) AS owners FROM bt_task t";

  /** The tasks with these ids, with their owners, keyed by id in the given order. */
  public static Map<String, StoredTask> load(Handle h, Collection<String> ids) {
    Map<String, StoredTask> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Map<String, StoredTask> byId = new HashMap<>();
    h.createQuery(WITH_OWNERS + " WHERE t.id IN (<ids>)")
        .bindList("ids", List.copyOf(ids))
        .map((rs, ctx) -> Rows.task(rs, Rows.owners(rs.getArray("owners"))))
        .forEach(t -> byId.put(t.id(), t));
    for (String id : ids) {
      StoredTask t = byId.get(id);
      if (t != null) {
        out.put(id, t);
      }
    }
    return out;
  }

  public static Optional<StoredTask> find(Handle h, String id) {
    return Optional.ofNullable(load(h, List.of(id)).get(id));
  }

  public static StorePage query(Handle h, String owner, TaskQuery q) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (owner != null) {
      where.append(" AND EXISTS (SELECT 1 FROM bt_task_owner o WHERE o.task_id = t.id"
          + " AND o.owner = :owner)");
    }
    if (!q.types().isEmpty()) {
      where.append(" AND t.type IN (<types>)");
    }
    if (!q.states().isEmpty()) {
      where.append(" AND t.state IN (<states>)");
    }
    if (q.createdFrom() != null) {
      where.append(" AND t.created_at >= :created_from");
    }
    if (q.createdTo() != null) {
      where.append(" AND t.created_at < :created_to");
    }
    if (q.finishedFrom() != null) {
      where.append(" AND t.finished_at >= :finished_from");
    }
    if (q.finishedTo() != null) {
      where.append(" AND t.finished_at < :finished_to");
    }
    if (q.ranFrom() != null || q.ranTo() != null) {
      where
          .append(" AND ((")
          .append(ranIn("t", q))
          .append(") OR EXISTS (SELECT 1 FROM bt_execution e")
          .append(" WHERE e.task_id = t.id AND ")
          .append(ranIn("e", q))
          .append("))");
    }
    String matching = q.collapsed()
        ? "SELECT t.*, ROW_NUMBER() OVER (PARTITION BY t.dedup_key, CASE WHEN t." + FINISHED
            + " THEN 1 ELSE 0 END ORDER BY t.seq DESC) AS rn, COUNT(*) OVER (PARTITION BY"
            + " t.dedup_key, CASE WHEN t." + FINISHED + " THEN 1 ELSE 0 END) AS group_size"
            + " FROM bt_task t" + where
        : "SELECT t.*, 1 AS rn, 1 AS group_size FROM bt_task t" + where;
    String rows = "SELECT * FROM (" + matching + ") m WHERE rn = 1";
    long total = bind(h.createQuery("SELECT COUNT(*) FROM (" + rows + ") c"), owner, q)
        .mapTo(Long.class)
        .one();
    String dir = q.descending() ? " DESC" : " ASC";
    String nulls = q.descending() ? " NULLS FIRST" : " NULLS LAST";
    String order = switch (q.sort()) {
      case CREATED_AT -> "created_at" + dir + ", seq" + dir;
      case FINISHED_AT -> "finished_at" + dir + nulls + ", seq" + dir;
      case PRIORITY -> "priority" + dir + ", seq" + dir;
      case NAME -> "name" + dir + ", seq" + dir;
    };
    List<String> ids = new ArrayList<>();
    Map<String, Integer> groupSizes = new HashMap<>();
    bind(h.createQuery(rows + " ORDER BY " + order + " LIMIT :limit OFFSET :offset"), owner, q)
        .bind("limit", q.limit())
        .bind("offset", q.offset())
        .map((rs, ctx) -> {
          String id = rs.getString("id");
          if (q.collapsed() && TaskState.valueOf(rs.getString("state")).isFinished()) {
            groupSizes.put(rs.getString("dedup_key"), rs.getInt("group_size"));
          }
          return id;
        })
        .forEach(ids::add);
    return new StorePage(List.copyOf(load(h, ids).values()), total, groupSizes);
  }

  private static Query bind(Query query, String owner, TaskQuery q) {
    if (owner != null) {
      query.bind("owner", owner);
    }
    if (!q.types().isEmpty()) {
      query.bindList("types", List.copyOf(q.types()));
    }
    if (!q.states().isEmpty()) {
      query.bindList("states", q.states().stream().map(Enum::name).toList());
    }
    bindIfSet(query, "created_from", q.createdFrom());
    bindIfSet(query, "created_to", q.createdTo());
    bindIfSet(query, "finished_from", q.finishedFrom());
    bindIfSet(query, "finished_to", q.finishedTo());
    bindIfSet(query, "ran_from", q.ranFrom());
    bindIfSet(query, "ran_to", q.ranTo());
    return query;
  }

  /**
   * An attempt of the ran period started: the task row's latest (running, or the one that finished
   * it) or, through the {@code bt_execution_task} index, an ended one; one statement with the rest.
   */
  private static String ranIn(String alias, TaskQuery q) {
    String from = q.ranFrom() == null ? "" : alias + ".started_at >= :ran_from";
    String to = q.ranTo() == null ? "" : alias + ".started_at < :ran_to";
    return from.isEmpty() ? to : to.isEmpty() ? from : from + " AND " + to;
  }

  private static void bindIfSet(Query query, String name, java.time.Instant value) {
    if (value != null) {
      Rows.ts(query, name, value);
    }
  }

  /**
   * The queue positions of many tasks in one statement (a listing's page): each row counted as
   * {@link #queuePosition} counts it; tasks not runnable now are left out.
   */
  public static Map<String, Long> queuePositions(
      Handle h, Dialect dialect, Collection<String> ids, Instant now) {
    String one = dialect == Dialect.POSTGRESQL ? PG_QUEUE_AHEAD : QUEUE_AHEAD;
    String many = "SELECT me.id, "
        + one.substring("SELECT ".length()).replace("me.id = :id", "me.id IN (<ids>)");
    Map<String, Long> out = new HashMap<>();
    Rows.ts(h.createQuery(many), "now", now)
        .bindList("ids", List.copyOf(ids))
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  public static OptionalLong queuePosition(Handle h, Dialect dialect, String id, Instant now) {
    return Rows.ts(
            h.createQuery(dialect == Dialect.POSTGRESQL ? PG_QUEUE_AHEAD : QUEUE_AHEAD), "now", now)
        .bind("id", id)
        .mapTo(Long.class)
        .findOne()
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  public static List<StoredTask> expiredLeases(Handle h, int max, Instant now) {
    List<String> ids = Rows.ts(
            h.createQuery("SELECT id FROM bt_task WHERE state = 'RUNNING'"
                + " AND lease_expires_at <= " + NOW + " ORDER BY lease_expires_at LIMIT :max"),
            "now",
            now)
        .bind("max", max)
        .mapTo(String.class)
        .list();
    return List.copyOf(load(h, ids).values());
  }

  /** The mean run time of the type's latest SUCCEEDED tasks, read through the finished index. */
  public static Optional<Duration> typicalRunTime(Handle h, String type) {
    List<Duration> runs = h.createQuery("SELECT started_at, finished_at FROM bt_task"
            + " WHERE state = 'SUCCEEDED' AND type = :type AND finished_at IS NOT NULL"
            + " AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT :n")
        .bind("type", type)
        .bind("n", WorkQueue.RUN_TIME_SAMPLE)
        .map((rs, ctx) -> {
          Duration d = Duration.between(
              rs.getObject(1, OffsetDateTime.class).toInstant(),
              rs.getObject(2, OffsetDateTime.class).toInstant());
          return d.isNegative() ? Duration.ZERO : d;
        })
        .list();
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    Duration sum = Duration.ZERO;
    for (Duration d : runs) {
      sum = sum.plus(d);
    }
    return Optional.of(sum.dividedBy(runs.size()));
  }

  /**
   * Every attempt of a task, oldest first: the execution rows, then the attempt that finished the
   * task when its row holds it ({@code ran_on} set, see {@link WorkerWrites#complete}).
   */
  public static List<Execution> executions(Handle h, String taskId) {
    List<Execution> out =
        new ArrayList<>(h.createQuery("SELECT * FROM bt_execution WHERE task_id = :id ORDER BY seq")
            .bind("id", taskId)
            .map((rs, ctx) -> Rows.execution(rs))
            .list());
    h.createQuery("SELECT * FROM bt_task WHERE id = :id AND ran_on IS NOT NULL AND " + FINISHED)
        .bind("id", taskId)
        .map((rs, ctx) -> Rows.lastExecution(rs))
        .findOne()
        .ifPresent(out::add);
    return out;
  }
}
