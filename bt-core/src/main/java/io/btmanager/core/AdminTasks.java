package io.btmanager.core;

import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskListener;
import io.btmanager.core.internal.Engine;
import io.btmanager.core.internal.Limits;
import io.btmanager.core.internal.Scope;

/**
 * The admin view: sees every task whoever owns it. Its stop cancels a task for all its owners, and
 * its delete purges it for all of them. Named as such so that no user path reaches it by accident.
 */
public final class AdminTasks extends TasksView {

  AdminTasks(Engine engine) {
    super(engine, Scope.ADMIN);
  }

  /**
   * Every user's configurations: listed, read, changed and deleted as their owners could (rule 10
   * still holds); the admin view owns none, so it cannot save one.
   */
  public UserConfigurations configurations() {
    return new UserConfigurations(engine, scope);
  }

  /**
   * Every user's schedule entries: listed, read, edited, enabled, disabled and deleted as their
   * owners could; the admin view owns none, so it cannot create one.
   */
  public UserSchedules schedules() {
    return new UserSchedules(engine, scope);
  }

  /** Subscribes to the events of every task. */
  public Subscription subscribe(TaskListener listener) {
    Limits.notNull(listener, "listener", "a TaskListener");
    return engine.events().subscribe(null, listener);
  }
}
