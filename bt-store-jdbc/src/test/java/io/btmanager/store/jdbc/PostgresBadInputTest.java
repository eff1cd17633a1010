package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.BadInputContract;

/** Bad input on PostgreSQL (a fresh database per test): NUL and length refused before the SQL. */
class PostgresBadInputTest extends BadInputContract {

  @Override
  protected TaskStore createStore() {
    return PostgresServer.get().newStore();
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
