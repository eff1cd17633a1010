package io.btmanager.executor.quartz;

import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskExecutorContract;
import java.time.Clock;

/**
 * The executor contract on the executor's own Quartz scheduler and the in-memory store, where
 * commits are cheap: no run-ahead, so the node holds at most one claimed task per thread.
 */
class QuartzTaskExecutorContractTest extends TaskExecutorContract {

  @Override
  protected TaskStore createStore(Clock clock) {
    return InMemoryTaskStore.create(clock);
  }

  @Override
  protected TaskExecutor createExecutor(int threads) {
    return QuartzExecutor.threads(threads);
  }

  @Override
  protected int claimBound(int concurrency) {
    return concurrency;
  }
}
