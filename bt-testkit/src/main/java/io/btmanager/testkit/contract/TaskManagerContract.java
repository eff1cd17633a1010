package io.btmanager.testkit.contract;

import io.btmanager.core.TaskManager;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.ManualClock;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/**
 * The rules of {@code DESIGN.md}, run through the public API of a whole {@link TaskManager} on a
 * store and an executor, as an abstract JUnit suite made of areas, one file each:
 *
 * <ul>
 *   <li>{@link ManagerOwnershipContract}
 *   <li>{@link ManagerDeduplicationContract}
 *   <li>{@link ManagerSharedTasksContract}
 *   <li>{@link ManagerRecreateContract}
 *   <li>{@link ManagerDuplicateGroupsContract}
 *   <li>{@link ManagerQueuePositionContract}
 *   <li>{@link ManagerProgressAndEtaContract}
 *   <li>{@link ManagerErrorsContract}
 *   <li>{@link ManagerBulkContract}
 *   <li>{@link ManagerConfigurationsContract}
 *   <li>{@link ManagerNothingLostContract}
 *   <li>{@link ManagerRetriesContract}
 *   <li>{@link ManagerSchedulesContract}
 *   <li>{@link ManagerRetentionContract}
 *   <li>{@link ManagerBadInputContract}
 *   <li>{@link ManagerShutdownContract}
 *   <li>{@link ManagerNodesAndTypesContract}
 * </ul>
 *
 * <p>Every combination of backends passes it with one thin subclass:
 *
 * <pre>{@code
 * class H2LocalManagerContractTest extends TaskManagerContract {
 *   protected TaskStore createStore(Clock clock) { return JdbcTaskStore.h2(tempDir); }
 *   protected TaskExecutor createExecutor() { return LocalExecutor.threads(4); }
 * }
 * }</pre>
 *
 * <p>Each test builds its managers on one store, with short leases and intervals, and waits with
 * bounded polls (never sleeps). Clock-driven behaviour (retry backoff, schedule entries, retention)
 * runs on a {@link ManualClock} that starts at the real time and is moved by the test; stores that
 * judge time by their own clock (SQL {@code now()}) see the same order of events, only later.
 */
public abstract class TaskManagerContract {

  /** A fresh, empty store; {@code clock} is the managers' clock (a store may ignore it). */
  protected abstract TaskStore createStore(Clock clock);

  /** A fresh executor, not started. */
  protected abstract TaskExecutor createExecutor();

  @Nested
  class Rule1_Ownership extends ManagerOwnershipContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule2_Deduplication extends ManagerDeduplicationContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule3_SharedTasks extends ManagerSharedTasksContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule4_Recreate extends ManagerRecreateContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule5_DuplicateGroups extends ManagerDuplicateGroupsContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule6_QueuePosition extends ManagerQueuePositionContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule7_ProgressAndEta extends ManagerProgressAndEtaContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule8_Errors extends ManagerErrorsContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule9_Bulk extends ManagerBulkContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule10_Configurations extends ManagerConfigurationsContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Rule11_NothingLost extends ManagerNothingLostContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Retries extends ManagerRetriesContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Schedules extends ManagerSchedulesContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Retention extends ManagerRetentionContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class BadInput extends ManagerBadInputContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class Shutdown extends ManagerShutdownContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }

  @Nested
  class NodesAndTypes extends ManagerNodesAndTypesContract {
    @Override
    TaskManagerContract suite() {
      return TaskManagerContract.this;
    }
  }
}
