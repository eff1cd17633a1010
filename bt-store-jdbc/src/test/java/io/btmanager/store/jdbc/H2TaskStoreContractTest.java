package io.btmanager.store.jdbc;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded H2 file, a fresh one per test (reopened for durability). */
class H2TaskStoreContractTest extends TaskStoreContract {
  @TempDir
  Path dir;

  @Override
  protected TaskStore createStore() {
    return JdbcTaskStore.h2(dir.resolve("tasks"));
  }

  @Override
  protected TaskStore reopen(TaskStore closed) {
    return JdbcTaskStore.h2(dir.resolve("tasks"));
  }
}
