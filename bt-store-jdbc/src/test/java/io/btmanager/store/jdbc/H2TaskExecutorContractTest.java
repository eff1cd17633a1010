package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.TaskExecutorContract;
import java.time.Clock;
import java.util.UUID;

/**
 * The executor contract for the local executor on H2, a store whose commits cost: outcomes and
 * claims share turns, and short tasks run ahead (at most four claimed per thread).
 */
class H2TaskExecutorContractTest extends TaskExecutorContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return JdbcTaskStore.h2InMemory("executor-" + UUID.randomUUID());
  }

  @Override
  protected TaskExecutor createExecutor(int threads) {
    return LocalExecutor.threads(threads);
  }
}
