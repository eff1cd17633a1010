package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.BadInputContract;
import java.util.UUID;

/** Bad input on an in-memory H2 database (a fresh one per test). */
class H2BadInputTest extends BadInputContract {

  @Override
  protected TaskStore createStore() {
    return JdbcTaskStore.h2InMemory("bad-input-" + UUID.randomUUID());
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
