package io.btmanager.core;

import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskListener;
import io.btmanager.core.internal.Engine;
import io.btmanager.core.internal.Scope;

/**
 * The admin view: sees every task whoever owns it. Its stop cancels a task for all its owners, and
 * its delete purges it for all of them. Named as such so that no user path reaches it by accident.
 */
public final class AdminTasks extends TasksView {

  AdminTasks(Engine engine) {
    super(engine, Scope.ADMIN);
  }

  /** Subscribes to the events of every task. */
  public Subscription subscribe(TaskListener listener) {
    return engine.events().subscribe(null, listener);
  }
}
