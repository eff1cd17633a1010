package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The whole-manager contract on PostgreSQL (a fresh database per test), local threads.
 *
 * <p>The database is created before each test, not when the suite first asks for the store: the
 * suite asks after it has set its manual clock to the real time, and PostgreSQL judges due times
 * by its own clock (DESIGN.md, Leases), so the seconds CREATE DATABASE takes would already have
 * made a one-second retry backoff due before the test could see the task wait.
 */
class PostgresManagerContractTest extends TaskManagerContract {
  private JdbcTaskStore prepared;
  private boolean handedOut;

  @BeforeEach
  void prepareDatabase() {
    prepared = PostgresServer.get().newStore();
  }

  @AfterEach
  void closeUnusedDatabase() {
    if (!handedOut) {
      prepared.close(); // a test that never built a manager; the suite closes the ones it used
    }
  }

  @Override
  protected TaskStore createStore(Clock clock) {
    handedOut = true;
    return prepared;
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
