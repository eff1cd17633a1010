package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;
import java.util.UUID;

/** The whole-manager contract on an in-memory H2 database (a fresh one per test), local threads. */
class H2ManagerContractTest extends TaskManagerContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return JdbcTaskStore.builder()
        .url("jdbc:h2:mem:manager-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .clock(clock)
        .build();
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
