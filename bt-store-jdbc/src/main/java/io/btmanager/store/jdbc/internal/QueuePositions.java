package io.btmanager.store.jdbc.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * Queue positions: how many runnable tasks are ahead of a runnable task, counted in one statement
 * (one snapshot) per call. How the count reads the queue's indexes differs by database: {@code
 * h2/QueuePositions.sql} and {@code postgresql/QueuePositions.sql}.
 */
public final class QueuePositions {
  private final String aheadOfOne;
  /** {@code ahead-of-one} for the tasks of an IN list, each with its id. */
  private final String aheadOfMany;

  public QueuePositions(Dialect dialect) {
    Sql sql = Sql.of("QueuePositions", dialect);
    this.aheadOfOne = sql.get("ahead-of-one");
    this.aheadOfMany = "SELECT me.id, "
        + aheadOfOne.substring("SELECT ".length()).replace("me.id = :id", "me.id IN (<ids>)");
  }

  /** The tasks ahead of task {@code id} at {@code now}; empty when it is not runnable now. */
  public OptionalLong of(Handle h, String id, Instant now) {
    return Rows.ts(h.createQuery(aheadOfOne), "now", now)
        .bind("id", id)
        .mapTo(Long.class)
        .findOne()
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  /**
   * The queue positions of many tasks in one statement (a listing's page): each counted as {@link
   * #of} counts it; tasks not runnable now are left out.
   */
  public Map<String, Long> of(Handle h, Collection<String> ids, Instant now) {
    Map<String, Long> out = new HashMap<>();
    Rows.ts(h.createQuery(aheadOfMany), "now", now)
        .bindList("ids", List.copyOf(ids))
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
