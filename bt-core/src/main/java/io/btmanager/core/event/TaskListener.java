package io.btmanager.core.event;

/**
 * Receives task events. Called on a delivery thread of its own, never on a worker: a slow listener
 * delays only its own events. Events of one task arrive in order.
 */
@FunctionalInterface
public interface TaskListener {
  void onEvent(TaskEvent event);
}
