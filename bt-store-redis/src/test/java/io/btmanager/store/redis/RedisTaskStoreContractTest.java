package io.btmanager.store.redis;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskStoreContract;

/**
 * The store contract on Redis, a fresh namespace per test. Reopening (the durability area) kills
 * the server with SIGKILL and starts it again on its AOF ({@code appendfsync always}), then opens a
 * new store on the same namespace.
 */
class RedisTaskStoreContractTest extends TaskStoreContract {
  private String namespace;

  @Override
  protected TaskStore createStore() {
    namespace = RedisServer.newNamespace();
    return RedisServer.get().store(namespace);
  }

  @Override
  protected TaskStore reopen(TaskStore closed) {
    RedisServer server = RedisServer.get();
    server.restart();
    return server.store(namespace);
  }
}
