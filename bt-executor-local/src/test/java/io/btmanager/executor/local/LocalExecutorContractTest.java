package io.btmanager.executor.local;

import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;

/** The whole-manager contract with this executor on the in-memory store (the reference). */
class LocalExecutorContractTest extends TaskManagerContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return InMemoryTaskStore.create(clock);
  }

  @Override
  protected TaskExecutor createExecutor() {
    return LocalExecutor.threads(4);
  }
}
