package io.btmanager.core.event;

/**
 * Receives task events. Called on a delivery thread of its own, never on a worker: a slow listener
 * delays only its own events. Events of one task arrive in order (a task's CREATED before its
 * STARTED, whatever thread published them), each with the task's {@linkplain TaskEvent#version()
 * version}. An exception a listener throws is logged under the listener's class and delivery goes
 * on.
 *
 * <p>A listener that keeps up sees every event, every progress report included. Each subscription
 * buffers at most {@value #BUFFER} events: once half of that waits, a task's new progress replaces
 * its progress still waiting (only the latest is delivered), and when the buffer is full newer
 * events are dropped and {@link #onOverflow} is called before the next delivery. On a store with a
 * change feed, {@link #onOverflow} is also called when this node missed changes made on other nodes
 * (the feed dropped them before the node read them).
 */
@FunctionalInterface
public interface TaskListener {

  /** The most events one subscription holds for its listener. */
  int BUFFER = 10_000;

  void onEvent(TaskEvent event);

  /**
   * Called, on the delivery thread, when events were lost: before the first event after some were
   * dropped because this listener fell {@value #BUFFER} events behind, or as soon as the node
   * learns that it missed changes made on other nodes. The listener should read the tasks it shows
   * again. Default: nothing.
   *
   * @param dropped how many events this subscription dropped; 0 when the node missed an unknown
   *     number of changes made elsewhere
   */
  default void onOverflow(long dropped) {}
}
