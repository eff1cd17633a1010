package io.btmanager.core.spi;

import java.util.List;
import java.util.function.Consumer;

/**
 * The optional change feed: notes that tasks changed, carried from node to node so each node's
 * subscribers hear of changes made elsewhere. Only a store that declares {@link
 * StoreCapabilities#changeFeed()} carries them; the defaults drop every note and deliver none.
 */
public interface ChangeFeed {

  /**
   * Tells the other nodes on this store that tasks changed. Best effort: a note lost while a node is
   * disconnected is not replayed; a store that can tell a node it missed notes says so through
   * {@link #listen(String, Consumer, Runnable)}, and the node's subscribers are told to refresh.
   */
  default void announce(List<TaskChange> changes) {}

  /**
   * Delivers the changes that nodes other than {@code node} announce, until the returned handle is
   * closed (the store may skip the changes {@code node} announced itself without reading them). The
   * listener is called on a thread of the store's, in the order the changes were announced by each
   * node; the default never calls it.
   */
  default AutoCloseable listen(String node, Consumer<TaskChange> listener) {
    return () -> {};
  }

  /**
   * As {@link #listen(String, Consumer)}, and calls {@code missed} on the listener's thread,
   * before the changes that follow, when the store knows that {@code node} missed changes (they
   * were dropped before it read them). The core then tells every subscriber of the node to read
   * again what it shows ({@link io.btmanager.core.event.TaskListener#onOverflow}). The default
   * cannot tell, never calls {@code missed} and delegates to the two-argument form.
   */
  default AutoCloseable listen(String node, Consumer<TaskChange> listener, Runnable missed) {
    return listen(node, listener);
  }
}
