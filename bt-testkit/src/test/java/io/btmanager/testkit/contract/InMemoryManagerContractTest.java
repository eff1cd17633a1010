package io.btmanager.testkit.contract;

import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import java.time.Clock;

/** The manager contract on the in-memory store (the reference) with a small threaded executor. */
class InMemoryManagerContractTest extends TaskManagerContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return InMemoryTaskStore.create(clock);
  }

  @Override
  protected TaskExecutor createExecutor() {
    return new ThreadPerTaskTestExecutor(3);
  }
}
