package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.WorkLoopContract;
import java.time.Clock;

/** The work loop's contract on PostgreSQL, a fresh database per test. */
class PostgresWorkLoopContractTest extends WorkLoopContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return PostgresServer.get().newStore();
  }
}
