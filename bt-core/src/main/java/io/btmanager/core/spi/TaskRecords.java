package io.btmanager.core.spi;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.TaskError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The task records aggregate: submit-or-join, reads, and the changes a user's call makes, each a
 * named operation that is atomic on its own. The core decides every rule (who may stop, delete or
 * edit what, and which state follows); the store performs one small change and reports whether the
 * task was still as the core read it.
 *
 * <p>Guarded changes ({@link #detachOwner}, {@link #requestCancel}, {@link #cancelWaiting}, {@link
 * #editDetails}, {@link #delete}) take the {@code version} the core read: the store applies the
 * change only if the task still has that version, bumps the version, and returns true; otherwise
 * it changes nothing and returns false (the core re-reads and decides again). One SQL statement
 * ({@code UPDATE ... WHERE id = ? AND version = ?}) or one Lua script does each.
 *
 * <p>Failures of the backend are thrown as {@link
 * io.btmanager.core.exception.StoreUnavailableException}; a failed call changes nothing. Every
 * method is safe for concurrent use.
 */
public interface TaskRecords {

  /**
   * Inserts the task, or joins an active duplicate (rule 2): if an active task (PENDING, SCHEDULED,
   * RUNNING) with the same dedup key exists, adds {@code task.owner()} to its owners (if not there
   * yet, bumping its version) and returns it with {@code joined = true}; otherwise inserts a new
   * task with {@code task.id()}, a fresh {@code seq}, version 1, attempt 0, {@link
   * io.btmanager.core.task.Progress#NONE}, and returns it with {@code joined = false}. Atomic under
   * any concurrency: N simultaneous submits of one key make exactly one task with N owners. Returns
   * only once the task is durable (when {@link StoreCapabilities#survivesRestart()}: committed to
   * stable storage, not to a write-behind buffer).
   *
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if {@code
   *     configurationId} is set and no such configuration exists; nothing is written
   */
  SubmitResult submit(NewTask task);

  /** {@link #submit} for each task, in order; each is atomic. A store may share one commit. */
  default List<SubmitResult> submitAll(List<NewTask> tasks) {
    List<SubmitResult> results = new ArrayList<>(tasks.size());
    for (NewTask t : tasks) {
      results.add(submit(t));
    }
    return results;
  }

  /** The task with this id, regardless of owner. */
  Optional<StoredTask> find(String id);

  /** The tasks with these ids that exist, in the order of {@code ids}. */
  List<StoredTask> findAll(Collection<String> ids);

  /**
   * One page of the tasks owned by {@code owner} (every task when null) that match {@code query}:
   * filtered, collapsed (rule 5), sorted (ties by {@code seq}, in the same direction) and paged.
   * Called only when {@link StoreCapabilities#filtersQueries()}; the default throws.
   */
  default StorePage query(String owner, TaskQuery query) {
    throw new UnsupportedOperationException(
        getClass().getName() + " declares that it does not filter queries");
  }

  /**
   * Every task owned by {@code owner} (every task when null), in any order: what the core filters,
   * collapses and sorts itself when the store does not ({@link StoreCapabilities#filtersQueries()}
   * false). Each task a consistent snapshot; the list as a whole need not be one. A store that
   * filters queries may leave the default, which throws.
   */
  default List<StoredTask> tasksOf(String owner) {
    throw new UnsupportedOperationException(
        getClass().getName() + " filters queries itself and does not list tasks");
  }

  /**
   * How many runnable tasks will be claimed before this one (rule 6): those with a higher priority,
   * plus those with the same priority and a lower {@code seq}, among the runnable tasks of every
   * type. Computed without loading them. Empty when the task does not exist or is not runnable now
   * by the store's clock (running, finished, or scheduled later).
   */
  OptionalLong queuePosition(String id);

  /**
   * The queue positions of several tasks, as {@link #queuePosition} gives each: what a listing's
   * page needs, in one round trip where the store has round trips (the default asks task by task).
   * Tasks that do not exist or are not runnable now are left out of the map.
   */
  default Map<String, Long> queuePositions(Collection<String> ids) {
    Map<String, Long> positions = new HashMap<>();
    for (String id : ids) {
      queuePosition(id).ifPresent(p -> positions.put(id, p));
    }
    return positions;
  }

  /** Every recorded attempt of a task, oldest first; empty when none or no such task. */
  List<Execution> executions(String taskId);

  // ------------------------------------------------------------ named changes, guarded by version

  /**
   * Removes {@code owner} from the task's owners (rule 3: a shared task's owner leaves it). The
   * core calls it only while the task has other owners.
   *
   * @return false, changing nothing, when the task is gone or its version moved on
   */
  boolean detachOwner(String id, long version, String owner);

  /**
   * Asks a RUNNING task to stop: sets {@code cancelRequested}, which the running node sees at its
   * next lease extension ({@link LeaseStatus#CANCEL_REQUESTED}).
   *
   * @return false, changing nothing, when the task is gone, its version moved on, or it is no longer
   *     RUNNING
   */
  boolean requestCancel(String id, long version);

  /**
   * Cancels a waiting (PENDING or SCHEDULED) task: CANCELLED, {@code finishedAt} = the store's
   * {@link TaskStore#now()}, {@code error} as given, off the queue, its active dedup key freed and
   * its configuration reference dropped (rule 10).
   *
   * @return false, changing nothing, when the task is gone, its version moved on, or it is no longer
   *     waiting
   */
  boolean cancelWaiting(String id, long version, TaskError error);

  /**
   * Writes the fields an owner may edit (see {@link DetailsEdit}); a new priority moves a waiting
   * task in the queue, keeping its {@code seq}.
   *
   * @return false, changing nothing, when the task is gone or its version moved on
   */
  boolean editDetails(DetailsEdit edit);

  /**
   * Removes the task with its owners and executions. A worker still running it loses its lease (its
   * later writes are refused).
   *
   * @return false, changing nothing, when the task is gone or its version moved on
   */
  boolean delete(String id, long version);

  /**
   * Purges up to {@code max} finished tasks (with their owners and executions) that finished before
   * {@code cutoff}; the core calls it again while it returns {@code max}. Each call is one bounded
   * transaction.
   *
   * @return how many tasks were purged
   */
  int purgeFinishedBefore(Instant cutoff, int max);
}
