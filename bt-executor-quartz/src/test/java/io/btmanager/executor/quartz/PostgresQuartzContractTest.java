package io.btmanager.executor.quartz;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.store.jdbc.JdbcTaskStore;
import io.btmanager.store.jdbc.PostgresServer;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The whole-manager contract on PostgreSQL (a fresh database per test, created before the test as
 * bt-store-jdbc's own contract test does), tasks on the executor's own Quartz scheduler.
 */
class PostgresQuartzContractTest extends TaskManagerContract {
  private JdbcTaskStore prepared;
  private boolean handedOut;

  @BeforeEach
  void prepareDatabase() {
    prepared = PostgresServer.get().newStore();
  }

  @AfterEach
  void closeUnusedDatabase() {
    if (!handedOut) {
      prepared.close();
    }
  }

  @Override
  protected TaskStore createStore(Clock clock) {
    handedOut = true;
    return prepared;
  }

  @Override
  protected TaskExecutor createExecutor() {
    return QuartzExecutor.threads(4);
  }
}
