package io.btmanager.core.spi;

import java.time.Instant;

/**
 * Where tasks, their owners, executions, configurations and schedule entries live: the task records
 * ({@link TaskRecords}), the work queue ({@link WorkQueue}), the catalog ({@link Catalog}) and,
 * optionally, the change feed ({@link ChangeFeed}), implemented by one class and handed to the
 * manager's builder. The core decides every rule and state transition; a store performs each named
 * operation <em>atomically</em> and is safe for use by many threads (and, when {@link
 * StoreCapabilities#sharedAcrossNodes()}, by many processes). Every backend passes the contract
 * suites in {@code bt-testkit}, gated by its {@link #capabilities()}; the in-memory store is the
 * reference. The package documentation has the table of every operation, what is atomic in it, and
 * how the stores do it.
 *
 * <p>Failures of the backend (connection lost, timeout) are thrown as {@link
 * io.btmanager.core.exception.StoreUnavailableException}; a failed call changes nothing.
 */
public interface TaskStore extends TaskRecords, WorkQueue, Catalog, ChangeFeed, AutoCloseable {

  /** What this store can do beyond the contract; the same value on every call. */
  StoreCapabilities capabilities();

  /**
   * The store's clock: the one clock of every time the core and the store write or judge (created,
   * started, finished, due, retry back-off, lease expiry, schedule occurrences). A store with a
   * clock of its own (a database's, a Redis server's) reads it here, so that skew between the
   * nodes' clocks shifts nothing; it should answer without a round trip per call (e.g. by keeping
   * the offset between its clock and the JVM's, measured now and then). Never goes backwards by
   * more than the offset's correction.
   */
  Instant now();

  /** Releases the store's resources (pools, connections). Tasks stay stored. */
  @Override
  default void close() {}
}
