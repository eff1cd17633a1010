package io.btmanager.store.redis;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.TaskExecutorContract;
import java.time.Clock;

/**
 * The executor contract for the local executor on Redis (a fresh namespace per test): turns shared
 * and run-ahead, as on PostgreSQL, since the store batches commits.
 */
class RedisTaskExecutorContractTest extends TaskExecutorContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return RedisTaskStore.builder()
        .uri(RedisServer.get().uri())
        .namespace(RedisServer.newNamespace())
        .build();
  }

  @Override
  protected TaskExecutor createExecutor(int threads) {
    return LocalExecutor.threads(threads);
  }
}
