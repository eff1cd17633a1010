package io.btmanager.store.redis;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;

/** The whole-manager contract on Redis (a fresh namespace per test), local threads. */
class RedisManagerContractTest extends TaskManagerContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return RedisServer.get().newStore();
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
