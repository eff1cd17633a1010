package io.btmanager.core.memory;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.task.Configuration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Configurations with a count of the active tasks and schedule entries that refer to each (rule
 * 10). The count changes only inside the map's {@code compute} for that id, the same place a delete
 * decides, so a delete can never slip between a check and a new reference. Innermost lock: nothing
 * else is locked from inside it.
 */
final class ConfigurationTable {

  private final ConcurrentHashMap<String, Row> byId = new ConcurrentHashMap<>();
  private final AtomicLong seqs = new AtomicLong();

  void insert(Configuration configuration) {
    Row row = new Row(configuration, seqs.incrementAndGet(), 0);
    if (byId.putIfAbsent(configuration.id(), row) != null) {
      throw new IllegalArgumentException(
          "a configuration with id '" + configuration.id() + "' already exists");
    }
  }

  /** Replaces name, arguments and update time; owner, type and creation time stay. */
  boolean update(Configuration configuration) {
    return byId.computeIfPresent(
            configuration.id(),
            (id, row) -> row.with(new Configuration(
                id,
                row.configuration.owner(),
                configuration.name(),
                row.configuration.type(),
                configuration.argumentsJson(),
                row.configuration.createdAt(),
                configuration.updatedAt())))
        != null;
  }

  Optional<Configuration> find(String id) {
    Row row = byId.get(id);
    return row == null ? Optional.empty() : Optional.of(row.configuration);
  }

  boolean exists(String id) {
    return byId.containsKey(id);
  }

  /** The configurations of {@code owner}, or of every owner when null, oldest first. */
  List<Configuration> ofOwner(String owner) {
    return byId.values().stream()
        .filter(row -> owner == null || row.configuration.owner().equals(owner))
        .sorted(Comparator.comparing((Row row) -> row.configuration.createdAt())
            .thenComparingLong(Row::seq))
        .map(Row::configuration)
        .toList();
  }

  /**
   * Counts one more reference.
   *
   * @throws ConfigurationNotFoundException when it does not exist; nothing changes
   */
  void acquire(String id) {
    if (byId.computeIfPresent(id, (k, row) -> row.withReferences(row.references + 1)) == null) {
      throw new ConfigurationNotFoundException(id);
    }
  }

  /** Counts one reference less. */
  void release(String id) {
    byId.computeIfPresent(id, (k, row) -> row.withReferences(Math.max(0, row.references - 1)));
  }

  ConfigurationDeletion delete(String id) {
    ConfigurationDeletion[] outcome = {ConfigurationDeletion.NOT_FOUND};
    byId.computeIfPresent(id, (k, row) -> {
      if (row.references > 0) {
        outcome[0] = ConfigurationDeletion.IN_USE;
        return row;
      }
      outcome[0] = ConfigurationDeletion.DELETED;
      return null;
    });
    return outcome[0];
  }

  /** A configuration, its insertion order and how many active tasks and entries refer to it. */
  private record Row(Configuration configuration, long seq, int references) {
    Row with(Configuration changed) {
      return new Row(changed, seq, references);
    }

    Row withReferences(int count) {
      return new Row(configuration, seq, count);
    }
  }
}
