package io.btmanager.core.spi;

import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalog aggregate: configurations (named argument sets, rule 10) and schedule entries,
 * including firing one occurrence of an entry, which advances the entry and submits its task as
 * one atomic operation so that an occurrence is neither lost nor doubled, across nodes and
 * outages.
 *
 * <p>Failures of the backend are thrown as {@link
 * io.btmanager.core.exception.StoreUnavailableException}; a failed call changes nothing.
 */
public interface Catalog {

  /** Inserts a new configuration (its id is new). */
  void insertConfiguration(Configuration configuration);

  /**
   * Replaces a configuration's name, arguments and {@code updatedAt}.
   *
   * @return false when it does not exist
   */
  boolean updateConfiguration(Configuration configuration);

  Optional<Configuration> findConfiguration(String id);

  /** The configurations of {@code owner}, or of every owner when null, oldest first. */
  List<Configuration> configurations(String owner);

  /**
   * Deletes a configuration unless an active task or a schedule entry refers to it (rule 10),
   * atomically with respect to {@link TaskRecords#submit}, {@link #fireOccurrence} and schedule
   * entry writes that refer to it.
   */
  ConfigurationDeletion deleteConfiguration(String id);

  /**
   * Inserts a new schedule entry.
   *
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if it names a
   *     configuration that does not exist; nothing is written
   */
  void insertScheduleEntry(ScheduleEntry entry);

  /**
   * Replaces a schedule entry.
   *
   * @return false when it does not exist
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if it names a
   *     configuration that does not exist; nothing is written
   */
  boolean updateScheduleEntry(ScheduleEntry entry);

  Optional<ScheduleEntry> findScheduleEntry(String id);

  /** The schedule entries of {@code owner} (all when null), oldest first. */
  List<ScheduleEntry> scheduleEntries(String owner);

  /** @return false when it did not exist */
  boolean deleteScheduleEntry(String id);

  /**
   * Up to {@code max} enabled entries of the given types whose {@code nextFireAt} is at or before
   * {@code now}, earliest first. Entries of other types are left for the nodes that know them.
   */
  List<ScheduleEntry> dueScheduleEntries(Instant now, Set<String> types, int max);

  /**
   * Fires one occurrence, atomically: if the entry's {@code nextFireAt} still equals {@code
   * occurrence.expectedNextFireAt()}, sets it to {@code nextFireAt} and {@code lastFiredAt} to
   * {@code firedAt}, and submits {@code occurrence.task()} (when not null) exactly as {@link
   * TaskRecords#submit} does, in the same transaction or script. Either both happen or neither: a
   * store outage, a crash or a failed submit leaves the entry due, so the occurrence fires later; a
   * second node firing the same occurrence gets {@code fired = false} and submits nothing.
   *
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if the task names a
   *     configuration that does not exist; nothing is written
   */
  OccurrenceFired fireOccurrence(Occurrence occurrence);
}
