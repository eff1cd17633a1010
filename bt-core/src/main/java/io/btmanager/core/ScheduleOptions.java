package io.btmanager.core;

import io.btmanager.core.internal.Limits;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;

/** Options of a new schedule entry: the fired tasks' name and priority, and the missed-fire policy. */
public final class ScheduleOptions {
  String name;
  Priority priority;
  MissedFirePolicy missedFirePolicy = MissedFirePolicy.FIRE_ONCE;

  ScheduleOptions() {}

  /** The name of the entry and of the tasks it fires; default: the type's name. */
  public ScheduleOptions name(String name) {
    this.name = SubmitOptions.checkName(name);
    return this;
  }

  /** The priority of fired tasks; default: the type's default. */
  public ScheduleOptions priority(Priority priority) {
    this.priority = Limits.notNull(priority, "priority", "LOW, MEDIUM or HIGH");
    return this;
  }

  /** What to do about occurrences missed while no node ran; default FIRE_ONCE. */
  public ScheduleOptions missedFirePolicy(MissedFirePolicy policy) {
    this.missedFirePolicy = Limits.notNull(policy, "missedFirePolicy", "FIRE_ONCE or SKIP");
    return this;
  }
}
