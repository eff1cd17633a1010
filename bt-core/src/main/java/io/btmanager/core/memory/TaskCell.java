package io.btmanager.core.memory;

import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Execution;
import java.util.ArrayList;
import java.util.List;

/**
 * The one mutable holder per task, and its lock: every write to a task happens while holding the
 * cell's monitor. {@link #task} is volatile so that readers get the latest immutable snapshot without
 * locking. Kept small on purpose (one per stored task).
 */
final class TaskCell {

  /** Not in any index. */
  static final byte NONE = 0;
  /** In the run queue, in the lane of its priority. */
  static final byte QUEUED = 1;
  /** Waiting in the due-time index (SCHEDULED, not yet promoted). */
  static final byte DUE = 2;
  /** In the running index. */
  static final byte RUNNING = 3;
  /** Deleted or purged; the cell must not be used any more. */
  static final byte REMOVED = 4;

  /** The latest snapshot; written under the monitor. */
  volatile StoredTask task;

  /** Where the task is indexed, one of the constants above; guarded by the monitor. */
  byte where = NONE;

  /** Executions oldest first, null until the first one; guarded by the monitor. */
  private ArrayList<Execution> executions;

  TaskCell(StoredTask task) {
    this.task = task;
  }

  /** Caller holds the monitor. */
  void addExecution(Execution execution) {
    if (executions == null) {
      executions = new ArrayList<>(2);
    }
    executions.add(execution);
  }

  /** Caller holds the monitor. */
  List<Execution> executions() {
    return executions == null ? List.of() : List.copyOf(executions);
  }

  /** Caller holds the monitor. */
  void clearExecutions() {
    executions = null;
  }
}
