package io.btmanager.testkit.contract;

import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.TaskStore;
import java.time.Clock;

/** The work loop's contract on the in-memory store (the reference). */
class InMemoryWorkLoopContractTest extends WorkLoopContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return InMemoryTaskStore.create(clock);
  }
}
