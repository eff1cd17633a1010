package io.btmanager.core.memory;

import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

  /** Enabled entries due at {@code now}, earliest first. */
  List<ScheduleEntry> due(Instant now, int max) {
    return select(
        row -> row.entry.enabled() && !row.entry.nextFireAt().isAfter(now),
        Comparator.comparing((Row row) -> row.entry.nextFireAt()).thenComparingLong(Row::seq),
        max);
  }

  boolean advance(String id, Instant expectedNextFireAt, Instant nextFireAt, Instant firedAt) {
    boolean[] advanced = {false};
    byId.computeIfPresent(id, (k, row) -> {
      ScheduleEntry e = row.entry;
      if (!e.nextFireAt().equals(expectedNextFireAt)) {
        return row;
      }
      advanced[0] = true;
      return new Row(
          new ScheduleEntry(
              e.id(),
              e.owner(),
              e.name(),
              e.type(),
              e.configurationId(),
              e.argumentsJson(),
              e.priority(),
              e.schedule(),
              e.missedFirePolicy(),
              e.enabled(),
              nextFireAt,
              firedAt,
              e.createdAt()),
          row.seq);
    });
    return advanced[0];
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
