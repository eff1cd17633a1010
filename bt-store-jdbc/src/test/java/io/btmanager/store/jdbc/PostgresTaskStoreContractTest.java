package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskStoreContract;

/** The store contract on PostgreSQL, a fresh database per test. */
class PostgresTaskStoreContractTest extends TaskStoreContract {

  @Override
  protected TaskStore createStore() {
    return PostgresServer.get().newStore();
  }
}
