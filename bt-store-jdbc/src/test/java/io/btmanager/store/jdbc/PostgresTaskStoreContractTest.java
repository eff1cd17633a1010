package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskStoreContract;

/** The store contract on PostgreSQL, a fresh database per test (reopened for durability). */
class PostgresTaskStoreContractTest extends TaskStoreContract {
  private String url;

  @Override
  protected TaskStore createStore() {
    url = PostgresServer.get().newDatabase();
    return open();
  }

  @Override
  protected TaskStore reopen(TaskStore closed) {
    return open();
  }

  private TaskStore open() {
    PostgresServer pg = PostgresServer.get();
    return JdbcTaskStore.postgres(url, pg.user(), pg.password());
  }
}
