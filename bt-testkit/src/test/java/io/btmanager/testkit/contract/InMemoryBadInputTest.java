package io.btmanager.testkit.contract;

import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import java.time.Clock;

/** Bad input on the in-memory store, the reference: the same limits as the SQL stores. */
class InMemoryBadInputTest extends BadInputContract {

  @Override
  protected TaskStore createStore() {
    return InMemoryTaskStore.create(Clock.systemUTC());
  }

  @Override
  protected TaskExecutor createExecutor() {
    return new ThreadPerTaskTestExecutor(3);
  }
}
