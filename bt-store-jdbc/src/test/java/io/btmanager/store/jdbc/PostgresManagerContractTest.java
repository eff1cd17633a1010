package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;

/**
 * The whole-manager contract on PostgreSQL (a fresh database per test), local threads. The store
 * runs on the suite's clock ({@link JdbcTaskStore.Builder#clock}), so a test moves time instead of
 * waiting for it.
 */
class PostgresManagerContractTest extends TaskManagerContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    PostgresServer pg = PostgresServer.get();
    return JdbcTaskStore.builder()
        .url(pg.newDatabase())
        .user(pg.user())
        .password(pg.password())
        .clock(clock)
        .build();
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
