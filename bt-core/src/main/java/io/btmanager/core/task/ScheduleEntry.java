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

  /** A builder with every field unset; {@link Builder#build} validates as the constructor does. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this value's fields, to change some and build a copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.owner = owner;
    b.name = name;
    b.type = type;
    b.configurationId = configurationId;
    b.argumentsJson = argumentsJson;
    b.priority = priority;
    b.schedule = schedule;
    b.missedFirePolicy = missedFirePolicy;
    b.enabled = enabled;
    b.nextFireAt = nextFireAt;
    b.lastFiredAt = lastFiredAt;
    b.createdAt = createdAt;
    return b;
  }

  /** Builds a {@link ScheduleEntry} by field name, so a new field breaks no caller. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String owner;
    private String name;
    private String type;
    private String configurationId;
    private String argumentsJson;
    private Priority priority;
    private Schedule schedule;
    private MissedFirePolicy missedFirePolicy;
    private boolean enabled;
    private Instant nextFireAt;
    private Instant lastFiredAt;
    private Instant createdAt;

    private Builder() {}

    public Builder id(String value) {
      this.id = value;
      return this;
    }

    public Builder owner(String value) {
      this.owner = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder type(String value) {
      this.type = value;
      return this;
    }

    public Builder configurationId(String value) {
      this.configurationId = value;
      return this;
    }

    public Builder argumentsJson(String value) {
      this.argumentsJson = value;
      return this;
    }

    public Builder priority(Priority value) {
      this.priority = value;
      return this;
    }

    public Builder schedule(Schedule value) {
      this.schedule = value;
      return this;
    }

    public Builder missedFirePolicy(MissedFirePolicy value) {
      this.missedFirePolicy = value;
      return this;
    }

    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    public Builder nextFireAt(Instant value) {
      this.nextFireAt = value;
      return this;
    }

    public Builder lastFiredAt(Instant value) {
      this.lastFiredAt = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    public ScheduleEntry build() {
      return new ScheduleEntry(
          id,
          owner,
          name,
          type,
          configurationId,
          argumentsJson,
          priority,
          schedule,
          missedFirePolicy,
          enabled,
          nextFireAt,
          lastFiredAt,
          createdAt);
    }
  }
}
