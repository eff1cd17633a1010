package io.btmanager.executor.quartz;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.store.jdbc.JdbcTaskStore;
import io.btmanager.store.jdbc.PostgresServer;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;

/**
 * The whole-manager contract on PostgreSQL (a fresh database per test), tasks on the executor's own
 * Quartz scheduler. The store runs on the suite's clock ({@link JdbcTaskStore.Builder#clock}), as
 * bt-store-jdbc's own contract test does, so a test moves time instead of waiting for it.
 */
class PostgresQuartzContractTest extends TaskManagerContract {

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
    return QuartzExecutor.threads(4);
  }
}
