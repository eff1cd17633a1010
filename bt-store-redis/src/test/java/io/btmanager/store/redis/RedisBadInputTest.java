package io.btmanager.store.redis;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.BadInputContract;

/**
 * Bad input on Redis (a fresh namespace per test): refused by the core before any script runs,
 * with the store unchanged, as on the in-memory and SQL stores.
 */
class RedisBadInputTest extends BadInputContract {

  @Override
  protected TaskStore createStore() {
    return RedisTaskStore.builder()
        .uri(RedisServer.get().uri())
        .namespace(RedisServer.newNamespace())
        .build();
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
