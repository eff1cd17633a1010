package io.btmanager.core.task;

import java.time.Instant;
import java.util.Objects;

/**
 * Fires a task of a type on a schedule, with its arguments taken from a configuration (plus
 * overrides) or given inline. Every firing goes through the normal submit path, so deduplication
 * applies: a firing while the previous run is still active joins it instead of doubling it.
 *
 * @param id its id
 * @param owner the user the fired tasks belong to
 * @param name the name given to fired tasks
 * @param type the task type fired
 * @param configurationId the configuration the arguments come from, or null
 * @param argumentsJson the arguments (without a configuration) or the overrides (with one), JSON
 * @param priority the priority of fired tasks
 * @param schedule when it fires
 * @param missedFirePolicy what happens to occurrences missed while no node ran
 * @param enabled whether it fires at all
 * @param nextFireAt the next occurrence
 * @param lastFiredAt the last time it fired, or null
 * @param createdAt when it was created
 */
public record ScheduleEntry(
    String id,
    String owner,
    String name,
    String type,
    String configurationId,
    String argumentsJson,
    Priority priority,
    Schedule schedule,
    MissedFirePolicy missedFirePolicy,
    boolean enabled,
    Instant nextFireAt,
    Instant lastFiredAt,
    Instant createdAt) {

  public ScheduleEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(missedFirePolicy, "missedFirePolicy");
    Objects.requireNonNull(nextFireAt, "nextFireAt");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
