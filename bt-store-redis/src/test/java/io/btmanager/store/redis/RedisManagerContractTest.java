package io.btmanager.store.redis;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;

/**
 * The whole-manager contract on Redis (a fresh namespace per test), local threads. The store runs
 * on the suite's clock ({@link RedisStoreBuilder#clock}), so a test moves time instead of waiting.
 */
class RedisManagerContractTest extends TaskManagerContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    RedisServer server = RedisServer.get();
    return RedisTaskStore.builder()
        .uri(server.uri())
        .namespace(RedisServer.newNamespace())
        .clock(clock)
        .build();
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
