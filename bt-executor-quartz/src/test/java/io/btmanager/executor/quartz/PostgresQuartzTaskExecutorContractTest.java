package io.btmanager.executor.quartz;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.store.jdbc.PostgresServer;
import io.btmanager.testkit.contract.TaskExecutorContract;
import java.time.Clock;

/**
 * The executor contract on the executor's own Quartz scheduler and PostgreSQL (a fresh database per
 * test), where a worker may run up to four short tasks ahead: the default claim bound.
 */
class PostgresQuartzTaskExecutorContractTest extends TaskExecutorContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return PostgresServer.get().newStore();
  }

  @Override
  protected TaskExecutor createExecutor(int threads) {
    return QuartzExecutor.threads(threads);
  }
}
