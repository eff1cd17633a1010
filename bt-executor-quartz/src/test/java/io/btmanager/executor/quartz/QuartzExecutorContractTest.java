package io.btmanager.executor.quartz;

import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskManagerContract;
import java.time.Clock;

/** The whole-manager contract with tasks on the executor's own Quartz scheduler, in memory. */
class QuartzExecutorContractTest extends TaskManagerContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return InMemoryTaskStore.create(clock);
  }

  @Override
  protected TaskExecutor createExecutor() {
    return QuartzExecutor.threads(4);
  }
}
