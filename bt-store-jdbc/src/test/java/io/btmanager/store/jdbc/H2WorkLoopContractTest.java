package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.WorkLoopContract;
import java.time.Clock;
import java.util.UUID;

/** The work loop's contract on an in-memory H2 database, a fresh one per test. */
class H2WorkLoopContractTest extends WorkLoopContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return JdbcTaskStore.h2InMemory("work-loop-" + UUID.randomUUID());
  }
}
