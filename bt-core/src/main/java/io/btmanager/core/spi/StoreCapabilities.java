package io.btmanager.core.spi;

/**
 * What a store can do beyond the contract every store keeps. Declared, never discovered by {@code
 * instanceof}.
 *
 * @param durable tasks survive a restart of the host
 * @param sharedAcrossNodes several managers in several processes can use the store at once
 * @param crossNodeEvents the store carries task events from node to node
 */
public record StoreCapabilities(
    boolean durable, boolean sharedAcrossNodes, boolean crossNodeEvents) {

  /** A store that lives in one process and is gone with it. */
  public static final StoreCapabilities IN_PROCESS = new StoreCapabilities(false, false, false);
}
