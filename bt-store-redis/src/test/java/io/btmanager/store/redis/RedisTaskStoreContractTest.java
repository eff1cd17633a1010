package io.btmanager.store.redis;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskStoreContract;

/** The store contract on Redis, a fresh namespace per test. */
class RedisTaskStoreContractTest extends TaskStoreContract {

  @Override
  protected TaskStore createStore() {
    return RedisServer.get().newStore();
  }
}
