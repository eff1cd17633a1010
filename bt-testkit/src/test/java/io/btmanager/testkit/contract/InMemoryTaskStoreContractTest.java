package io.btmanager.testkit.contract;

import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.TaskStore;

/** The in-memory store, the reference every other backend is held to, against the contract. */
class InMemoryTaskStoreContractTest extends TaskStoreContract {

  @Override
  protected TaskStore createStore() {
    return InMemoryTaskStore.create();
  }
}
