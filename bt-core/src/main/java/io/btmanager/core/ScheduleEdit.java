package io.btmanager.core;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.internal.Limits;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import java.util.Map;

/**
 * Changes to a schedule entry, set through the {@code Consumer<ScheduleEdit>} of {@link
 * UserSchedules#edit}. Fields not set stay as they are; every setter validates at once, and the
 * whole edit is checked (the arguments bind to the entry's type and fit the payload limit) before
 * anything is written.
 */
public final class ScheduleEdit {
  String name;
  Priority priority;
  Schedule schedule;
  MissedFirePolicy missedFirePolicy;
  Object arguments;
  boolean argumentsSet;
  String configurationId;
  Map<String, ?> overrides;

  ScheduleEdit() {}

  /** The name of the entry and of the tasks it fires from now on. */
  public ScheduleEdit name(String name) {
    this.name = SubmitOptions.checkName(name);
    return this;
  }

  /** The priority of the tasks it fires from now on. */
  public ScheduleEdit priority(Priority priority) {
    this.priority = Limits.notNull(priority, "priority", "LOW, MEDIUM or HIGH");
    return this;
  }

  /** A new schedule; the next occurrence is counted from now. */
  public ScheduleEdit schedule(Schedule schedule) {
    this.schedule = Limits.notNull(
        schedule, "schedule", "Schedule.everySeconds(n) or Schedule.cron(expression, zone)");
    return this;
  }

  /** What to do about occurrences missed while no node ran. */
  public ScheduleEdit missedFirePolicy(MissedFirePolicy policy) {
    this.missedFirePolicy = Limits.notNull(policy, "missedFirePolicy", "FIRE_ONCE or SKIP");
    return this;
  }

  /**
   * Fires with these arguments of the entry's type from now on, and no configuration (replaces
   * {@link #configuration}).
   */
  public ScheduleEdit arguments(Object arguments) {
    this.arguments =
        Limits.notNull(arguments, "arguments", "the argument values of the entry's task type");
    this.argumentsSet = true;
    this.configurationId = null;
    this.overrides = null;
    return this;
  }

  /**
   * Fires with the values of one of the owner's configurations of the entry's type, and {@code
   * overrides} put over them (replaces {@link #arguments}).
   */
  public ScheduleEdit configuration(String configurationId, Map<String, ?> overrides) {
    if (configurationId == null || configurationId.isBlank()) {
      throw new InvalidInputException(
          "configurationId",
          configurationId == null ? "is null" : "is blank",
          "a configuration id as returned by save");
    }
    this.configurationId = configurationId;
    this.overrides = overrides == null ? Map.of() : overrides;
    this.arguments = null;
    this.argumentsSet = false;
    return this;
  }
}
