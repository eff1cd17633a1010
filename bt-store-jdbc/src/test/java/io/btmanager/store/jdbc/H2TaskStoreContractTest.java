package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskStoreContract;
import java.util.UUID;

/** The store contract on an in-memory H2 database, a fresh one per test. */
class H2TaskStoreContractTest extends TaskStoreContract {

  @Override
  protected TaskStore createStore() {
    return JdbcTaskStore.h2InMemory("contract-" + UUID.randomUUID());
  }
}
