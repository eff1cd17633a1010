package io.btmanager.core.memory;

import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Schedule entries. Each write runs inside the map's {@code compute} for the entry, which also moves
 * the entry's configuration reference, so an entry and its reference change together.
 */
final class ScheduleTable {

  private static final Comparator<Row> OLDEST_FIRST =
      Comparator.comparing((Row row) -> row.entry.createdAt()).thenComparingLong(Row::seq);

  private final ConcurrentHashMap<String, Row> byId = new ConcurrentHashMap<>();
  private final AtomicLong seqs = new AtomicLong();
  private final ConfigurationTable configurations;

  ScheduleTable(ConfigurationTable configurations) {
    this.configurations = configurations;
  }

  void insert(ScheduleEntry entry) {
    byId.compute(entry.id(), (id, row) -> {
      if (row != null) {
        throw new IllegalArgumentException("a schedule entry with id '" + id + "' already exists");
      }
      if (entry.configurationId() != null) {
        configurations.acquire(entry.configurationId());
      }
      return new Row(entry, seqs.incrementAndGet());
    });
  }

  boolean update(ScheduleEntry entry) {
    return byId.computeIfPresent(entry.id(), (id, row) -> {
          String before = row.entry.configurationId();
          String after = entry.configurationId();
          if (!Objects.equals(before, after)) {
            if (after != null) {
              configurations.acquire(after);
            }
            if (before != null) {
              configurations.release(before);
            }
          }
          return new Row(entry, row.seq);
        })
        != null;
  }

  Optional<ScheduleEntry> find(String id) {
    Row row = byId.get(id);
    return row == null ? Optional.empty() : Optional.of(row.entry);
  }

  /** The entries of {@code owner}, or all when null, oldest first. */
  List<ScheduleEntry> ofOwner(String owner) {
    return select(
        row -> owner == null || row.entry.owner().equals(owner), OLDEST_FIRST, Integer.MAX_VALUE);
  }

  boolean delete(String id) {
    boolean[] found = {false};
    byId.computeIfPresent(id, (k, row) -> {
      found[0] = true;
      if (row.entry.configurationId() != null) {
        configurations.release(row.entry.configurationId());
      }
      return null;
    });
    return found[0];
  }

  /** Enabled entries of {@code types} due at {@code now}, earliest first. */
  List<ScheduleEntry> due(Instant now, Set<String> types, int max) {
    return select(
        row -> row.entry.enabled()
            && !row.entry.nextFireAt().isAfter(now)
            && types.contains(row.entry.type()),
        Comparator.comparing((Row row) -> row.entry.nextFireAt()).thenComparingLong(Row::seq),
        max);
  }

  /**
   * Fires an occurrence inside the entry's {@code compute}: the entry advances and the task is
   * submitted together, or (the submit throws) neither.
   */
  OccurrenceFired fire(Occurrence o, Function<NewTask, SubmitResult> submit) {
    OccurrenceFired[] fired = {OccurrenceFired.NOT_FIRED};
    byId.computeIfPresent(o.entryId(), (k, row) -> {
      ScheduleEntry e = row.entry;
      if (!e.nextFireAt().equals(o.expectedNextFireAt())) {
        return row;
      }
      SubmitResult submitted = o.task() == null ? null : submit.apply(o.task());
      fired[0] = new OccurrenceFired(true, submitted);
      return new Row(
          e.toBuilder().nextFireAt(o.nextFireAt()).lastFiredAt(o.firedAt()).build(), row.seq);
    });
    return fired[0];
  }

  private List<ScheduleEntry> select(Predicate<Row> filter, Comparator<Row> order, int max) {
    return byId.values().stream()
        .filter(filter)
        .sorted(order)
        .limit(Math.max(0, max))
        .map(Row::entry)
        .toList();
  }

  private record Row(ScheduleEntry entry, long seq) {}
}
