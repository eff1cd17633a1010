package io.btmanager.testkit.contract;

import io.btmanager.core.spi.TaskStore;
import org.junit.jupiter.api.Nested;

/**
 * The contract every {@link TaskStore} keeps, as an abstract JUnit suite made of areas, one file
 * each, so a backend author works through it one area at a time:
 *
 * <ul>
 *   <li>{@link StoreSubmitContract}
 *   <li>{@link StoreDeduplicationContract}
 *   <li>{@link StoreConcurrentBatchesContract}
 *   <li>{@link StoreNamedChangesContract}
 *   <li>{@link StoreDeleteContract}
 *   <li>{@link StoreClaimContract}
 *   <li>{@link StoreLeasesContract}
 *   <li>{@link StoreCompleteContract}
 *   <li>{@link StoreCompleteAndClaimContract}
 *   <li>{@link StoreQueuePositionContract}
 *   <li>{@link StoreQueryContract}
 *   <li>{@link StoreRetentionContract}
 *   <li>{@link StoreConfigurationsContract}
 *   <li>{@link StoreScheduleEntriesContract}
 *   <li>{@link StoreDurabilityOnReopenContract}
 *   <li>{@link StoreChangeFeedContract}
 * </ul>
 *
 * <p>Areas a store's {@link io.btmanager.core.spi.StoreCapabilities} exclude are skipped, and
 * reported as skipped: query without {@code filtersQueries}, durability on reopen without {@code
 * survivesRestart} (a store that declares it overrides {@link #reopen}), change feed without {@code
 * changeFeed}. A backend passes it with one thin subclass:
 *
 * <pre>{@code
 * class H2TaskStoreContractTest extends TaskStoreContract {
 *   @Override
 *   protected TaskStore createStore() {
 *     return JdbcTaskStore.h2InMemory("contract-" + UUID.randomUUID()); // a fresh, empty database
 *   }
 * }
 * }</pre>
 *
 * <p>The in-memory store is the oracle: where it and a backend disagree, the Javadoc of {@link
 * TaskStore} decides. Waits are bounded (never a sleep); lease expiry is awaited on the store's own
 * clock, {@link TaskStore#now()}, so that clock must advance in real time. Every instant the suite
 * stores is derived from {@code now()} (plus whole seconds or milliseconds) and is expected back
 * unchanged, so {@code now()} must not be finer than what the store keeps (e.g. microseconds on
 * PostgreSQL).
 */
public abstract class TaskStoreContract {

  /**
   * A fresh, empty store for one test; the suite closes it after the test with {@link
   * #releaseStore}. A SQL backend returns a store on a new, empty schema or database (e.g. named
   * after a random UUID), or on tables it has just truncated.
   */
  protected abstract TaskStore createStore();

  /**
   * For a store that {@linkplain io.btmanager.core.spi.StoreCapabilities#survivesRestart()
   * survives a restart}: a new store on the same data as {@code closed}, which the suite has just
   * closed (the durability area reopens its store). The suite releases the returned store too. The
   * default throws: override it when the store declares {@code survivesRestart}.
   */
  protected TaskStore reopen(TaskStore closed) {
    throw new UnsupportedOperationException(
        getClass().getName() + " declares survivesRestart but does not override reopen()");
  }

  /**
   * Called after each test with the store {@link #createStore()} returned. Closes it; override to
   * also drop a per-test schema (call {@code super.releaseStore(store)} first).
   */
  protected void releaseStore(TaskStore store) {
    store.close();
  }

  @Nested
  class Submit extends StoreSubmitContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class Deduplication extends StoreDeduplicationContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class ConcurrentBatches extends StoreConcurrentBatchesContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class NamedChanges extends StoreNamedChangesContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class Delete extends StoreDeleteContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class Claim extends StoreClaimContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class Leases extends StoreLeasesContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class Complete extends StoreCompleteContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class CompleteAndClaim extends StoreCompleteAndClaimContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class QueuePosition extends StoreQueuePositionContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class Query extends StoreQueryContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class Retention extends StoreRetentionContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class Configurations extends StoreConfigurationsContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class ScheduleEntries extends StoreScheduleEntriesContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class DurabilityOnReopen extends StoreDurabilityOnReopenContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }

  @Nested
  class ChangeFeed extends StoreChangeFeedContract {
    @Override
    TaskStoreContract suite() {
      return TaskStoreContract.this;
    }
  }
}
