package io.btmanager.core.spi;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where tasks, their owners, executions, configurations and schedule entries live. The core decides
 * every rule and state transition; a store performs each operation <em>atomically</em> and is safe
 * for use by many threads (and, when {@link StoreCapabilities#sharedAcrossNodes()}, by many
 * processes). Every backend passes the contract suite in {@code bt-testkit}; the in-memory store is
 * the reference.
 *
 * <p>Failures of the backend (connection lost, timeout) are thrown as {@link
 * io.btmanager.core.exception.StoreUnavailableException}; a failed call changes nothing.
 *
 * <p>Time: {@link #now()} is the store's clock. Lease expiry and "due" are judged by it, so that
 * clock skew between nodes cannot reclaim a healthy task.
 */
public interface TaskStore extends AutoCloseable {

  /** What this store can do beyond the contract. */
  StoreCapabilities capabilities();

  /** The store's clock: lease expiry and due times are judged by it. */
  Instant now();

  // ---------------------------------------------------------------- submit and read

  /**
   * Inserts the task, or joins an active duplicate (rule 2): if an active task (PENDING, SCHEDULED,
   * RUNNING) with the same dedup key exists, adds {@code task.owner()} to its owners (if not there
   * yet) and returns it with {@code joined = true}; otherwise inserts a new task with {@code
   * task.id()}, a fresh {@code seq}, attempt 0, {@link io.btmanager.core.task.Progress#NONE}, and
   * returns it with {@code joined = false}. Atomic under any concurrency: N simultaneous submits of
   * one key make exactly one task with N owners. Returns only once the task is durable.
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
   */
  StorePage query(String owner, TaskQuery query);

  /**
   * How many runnable tasks will be claimed before this one (rule 6): those with a higher priority,
   * plus those with the same priority and a lower {@code seq}. Computed without loading them. Empty
   * when the task does not exist or is not runnable now (running, finished, or scheduled later).
   */
  OptionalLong queuePosition(String id);

  // ---------------------------------------------------------------- changes decided by the core

  /**
   * Compare-and-set: writes {@code updated} if the stored task still has {@code expected.version()};
   * the store sets the version to the next value. The core uses it for every change a user makes
   * (owners, details, priority, cancel) and for returning expired leases. The store keeps its
   * indexes in step (queue, active dedup key, owners). {@code id}, {@code seq}, {@code type},
   * {@code argumentsJson} and {@code dedupKey} never change.
   *
   * @param execution an execution to append in the same atomic write, or null
   * @return false, changing nothing, when the task is gone or its version moved on
   */
  boolean replace(StoredTask expected, StoredTask updated, Execution execution);

  /**
   * Compare-and-set delete: removes the task and its executions if it still has {@code
   * expected.version()}. A worker still running it loses its lease (its writes are refused).
   *
   * @return false when the task is gone or its version moved on
   */
  boolean delete(StoredTask expected);

  // ---------------------------------------------------------------- the worker's side

  /**
   * Claims up to {@code max} runnable tasks for {@code node}: highest priority first, then lowest
   * {@code seq}. Each becomes RUNNING with attempt + 1, {@code startedAt = now()}, a fresh lease
   * token, {@code leaseOwner = node} and {@code leaseExpiresAt = now() + lease}. Two concurrent
   * claims never return the same task.
   */
  List<StoredTask> claim(String node, int max, Duration lease);

  /**
   * Extends the leases of tasks this node runs, in one batch, to {@code now() + lease}.
   *
   * @param leaseTokens task id to the token of its claim
   * @return for every given id: KEPT, CANCEL_REQUESTED (extended, but an owner asked to stop), or
   *     LOST (not RUNNING under that token any more; nothing written)
   */
  Map<String, LeaseStatus> extendLeases(Map<String, String> leaseTokens, Duration lease);

  /**
   * Writes progress of a running task if it is still RUNNING under {@code leaseToken}.
   *
   * @return false when the lease is lost
   */
  boolean saveProgress(String taskId, String leaseToken, io.btmanager.core.task.Progress progress);

  /**
   * Ends attempts, in one batch, each fenced by its lease token (see {@link Completion}).
   *
   * @return per completion, in order: true if applied, false if the lease was lost (nothing
   *     written for it)
   */
  List<Boolean> complete(List<Completion> completions);

  /**
   * Ends attempts as {@link #complete} does, then claims up to {@code max} tasks as {@link #claim}
   * does: what a node's workers do between two tasks. A store with commits worth saving does both in
   * one transaction, so one commit serves a whole turn of workers; either way a completion is never
   * lost to the claim: if the claim fails after the completions were written, the result has the
   * completions and no claimed task.
   *
   * @throws io.btmanager.core.exception.StoreUnavailableException if the completions could not be
   *     written (then nothing was claimed either)
   */
  default Turnover completeAndClaim(
      List<Completion> completions, String node, int max, Duration lease) {
    List<Boolean> applied = completions.isEmpty() ? List.of() : complete(completions);
    List<StoredTask> claimed = List.of();
    if (max > 0) {
      try {
        claimed = claim(node, max, lease);
      } catch (io.btmanager.core.exception.StoreUnavailableException e) {
        // the completions stand; the workers claim again later
      }
    }
    return new Turnover(applied, claimed);
  }

  /** Up to {@code max} RUNNING tasks whose lease expired by {@link #now()}. */
  List<StoredTask> expiredLeases(int max);

  /**
   * Purges finished tasks (and their executions) that finished before {@code cutoff}.
   *
   * @return how many tasks were purged
   */
  int purgeFinishedBefore(Instant cutoff);

  /** Every recorded attempt of a task, oldest first; empty when none or no such task. */
  List<Execution> executions(String taskId);

  // ---------------------------------------------------------------- configurations

  /** Inserts a new configuration (its id is new). */
  void insertConfiguration(Configuration configuration);

  /**
   * Replaces a configuration's name and arguments.
   *
   * @return false when it does not exist
   */
  boolean updateConfiguration(Configuration configuration);

  Optional<Configuration> findConfiguration(String id);

  /** The configurations of {@code owner}, or of every owner when null, oldest first. */
  List<Configuration> configurations(String owner);

  /**
   * Deletes a configuration unless an active task or a schedule entry refers to it (rule 10),
   * atomically with respect to {@link #submit} and schedule entry writes that refer to it.
   */
  ConfigurationDeletion deleteConfiguration(String id);

  // ---------------------------------------------------------------- schedule entries

  /**
   * Inserts a new schedule entry.
   *
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if it names a
   *     configuration that does not exist; nothing is written
   */
  void insertScheduleEntry(ScheduleEntry entry);

  /**
   * Replaces a schedule entry.
   *
   * @return false when it does not exist
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if it names a
   *     configuration that does not exist; nothing is written
   */
  boolean updateScheduleEntry(ScheduleEntry entry);

  Optional<ScheduleEntry> findScheduleEntry(String id);

  /** The schedule entries of {@code owner} (all when null), oldest first. */
  List<ScheduleEntry> scheduleEntries(String owner);

  /** @return false when it did not exist */
  boolean deleteScheduleEntry(String id);

  /** Up to {@code max} enabled entries whose {@code nextFireAt} is at or before {@code now}. */
  List<ScheduleEntry> dueScheduleEntries(Instant now, int max);

  /**
   * Compare-and-set of an entry's next fire time, so exactly one node fires each occurrence: sets
   * {@code nextFireAt} and {@code lastFiredAt} only if {@code nextFireAt} still equals {@code
   * expectedNextFireAt}.
   */
  boolean advanceScheduleEntry(
      String id, Instant expectedNextFireAt, Instant nextFireAt, Instant firedAt);

  // ---------------------------------------------------------------- events across nodes

  /**
   * Tells the other nodes on this store that tasks changed. Only stores that declare {@link
   * StoreCapabilities#crossNodeEvents()} carry them; the default drops them. Best effort: a note
   * lost while a node is disconnected is not replayed (its listeners refresh instead).
   */
  default void announce(List<TaskChange> changes) {}

  /**
   * Delivers the changes that nodes other than {@code node} announce, until the returned handle is
   * closed (the store may skip the changes {@code node} announced itself without reading them). The
   * listener is called on a thread of the store's; the default never calls it.
   */
  default AutoCloseable listen(String node, java.util.function.Consumer<TaskChange> listener) {
    return () -> {};
  }

  /** Releases the store's resources (pools, connections). Tasks stay stored. */
  @Override
  default void close() {}
}
