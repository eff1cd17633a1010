package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.TaskExecutorContract;
import java.time.Clock;

/** The executor contract for the local executor on PostgreSQL (turns shared, run-ahead). */
class PostgresTaskExecutorContractTest extends TaskExecutorContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return PostgresServer.get().newStore();
  }

  @Override
  protected TaskExecutor createExecutor(int threads) {
    return LocalExecutor.threads(threads);
  }
}
