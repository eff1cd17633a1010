package io.btmanager.core.memory;

import io.btmanager.core.internal.QueryEvaluator;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.spi.StoreCapabilities;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A {@link TaskStore} in the heap of this process: the reference implementation every other store
 * is held to, and the default when a host configures none. Tasks are gone with the process ({@link
 * StoreCapabilities#IN_PROCESS}).
 *
 * <p>Guarantees: every operation of the {@link TaskStore} contract is atomic. Submit-or-join is
 * atomic per dedup key (N concurrent identical submits make one task with N owners); claims never
 * hand out a task twice; worker writes are fenced by the lease token; a configuration referenced by
 * an active task or a schedule entry is never deleted. {@link #queuePosition} takes O(log n) and
 * claims, submits and completions amortised O(log n), independent of how many tasks are stored.
 * Time (lease expiry, due times) is read from the {@link Clock} given at creation.
 *
 * <p>Thread-safety: safe for any number of threads, without a global lock. Each task is guarded by
 * its own small lock; the run queue has one lock per priority; the dedup, owner and configuration
 * indexes are concurrent maps updated atomically per key. Reads ({@link #find}, {@link #query})
 * return consistent snapshots of each task but, like a database at read-committed, not a
 * snapshot of the whole store.
 */
public final class InMemoryTaskStore implements TaskStore {

  private final Clock clock;
  private final ConfigurationTable configurations = new ConfigurationTable();
  private final ScheduleTable scheduleEntries = new ScheduleTable(configurations);
  private final TaskTable tasks;
  private final WorkerSide worker;

  private InMemoryTaskStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tasks = new TaskTable(configurations, new Placement(new RunQueue()));
    this.worker = new WorkerSide(tasks);
  }

  /** An empty store on the system clock in UTC. */
  public static InMemoryTaskStore create() {
    return new InMemoryTaskStore(Clock.systemUTC());
  }

  /** An empty store on {@code clock}; tests pass a clock they control. */
  public static InMemoryTaskStore create(Clock clock) {
    return new InMemoryTaskStore(clock);
  }

  @Override
  public StoreCapabilities capabilities() {
    return StoreCapabilities.IN_PROCESS;
  }

  @Override
  public Instant now() {
    return Micros.of(clock.instant());
  }

  @Override
  public SubmitResult submit(NewTask task) {
    return tasks.submit(Micros.of(Objects.requireNonNull(task, "task")));
  }

  @Override
  public Optional<StoredTask> find(String id) {
    return tasks.find(id);
  }

  @Override
  public List<StoredTask> findAll(Collection<String> ids) {
    return tasks.findAll(ids);
  }

  @Override
  public StorePage query(String owner, TaskQuery query) {
    return QueryEvaluator.page(tasks.snapshot(owner), query, tasks::executions);
  }

  @Override
  public OptionalLong queuePosition(String id) {
    return tasks.queuePosition(id, now());
  }

  @Override
  public List<StoredTask> tasksOf(String owner) {
    return tasks.snapshot(owner);
  }

  @Override
  public boolean detachOwner(String id, long version, String owner) {
    return tasks.change(id, version, t -> true, t -> t.withoutOwner(owner));
  }

  @Override
  public boolean requestCancel(String id, long version) {
    return tasks.change(
        id, version, t -> t.state() == TaskState.RUNNING, StoredTask::withCancelRequested);
  }

  @Override
  public boolean cancelWaiting(String id, long version, TaskError error) {
    Instant now = now();
    return tasks.change(
        id,
        version,
        t -> t.state().isWaiting(),
        t -> t.withState(TaskState.CANCELLED, t.attempt(), null, now, error));
  }

  @Override
  public boolean editDetails(DetailsEdit e) {
    return tasks.change(
        e.id(),
        e.version(),
        t -> true,
        t -> t.withDetails(e.name(), e.description(), e.link(), e.priority()));
  }

  @Override
  public boolean delete(String id, long version) {
    return tasks.delete(id, version);
  }

  @Override
  public List<StoredTask> claim(ClaimRequest request) {
    return worker.claim(request, now());
  }

  @Override
  public Map<String, LeaseStatus> extendLeases(Map<String, String> leaseTokens, Duration lease) {
    return worker.extendLeases(leaseTokens, lease, now());
  }

  @Override
  public boolean saveProgress(String taskId, String leaseToken, Progress progress) {
    return worker.saveProgress(taskId, leaseToken, progress);
  }

  @Override
  public List<Boolean> complete(List<Completion> completions) {
    return worker.complete(completions.stream().map(Micros::of).toList());
  }

  @Override
  public List<StoredTask> expiredLeases(int max) {
    return tasks.placement().expired(now(), max);
  }

  @Override
  public boolean returnExpiredLease(LeaseReturn expired) {
    return worker.returnExpiredLease(Micros.of(expired), now());
  }

  @Override
  public Optional<Duration> typicalRunTime(String type) {
    return worker.typicalRunTime(type);
  }

  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    return tasks.purgeFinishedBefore(Micros.of(cutoff), max);
  }

  @Override
  public List<Execution> executions(String taskId) {
    return tasks.executions(taskId);
  }

  @Override
  public void insertConfiguration(Configuration configuration) {
    configurations.insert(Micros.of(configuration));
  }

  @Override
  public boolean updateConfiguration(Configuration configuration) {
    return configurations.update(Micros.of(configuration));
  }

  @Override
  public Optional<Configuration> findConfiguration(String id) {
    return configurations.find(id);
  }

  @Override
  public List<Configuration> configurations(String owner) {
    return configurations.ofOwner(owner);
  }

  @Override
  public ConfigurationDeletion deleteConfiguration(String id) {
    return configurations.delete(id);
  }

  @Override
  public void insertScheduleEntry(ScheduleEntry entry) {
    scheduleEntries.insert(Micros.of(entry));
  }

  @Override
  public boolean updateScheduleEntry(ScheduleEntry entry) {
    return scheduleEntries.update(Micros.of(entry));
  }

  @Override
  public Optional<ScheduleEntry> findScheduleEntry(String id) {
    return scheduleEntries.find(id);
  }

  @Override
  public List<ScheduleEntry> scheduleEntries(String owner) {
    return scheduleEntries.ofOwner(owner);
  }

  @Override
  public boolean deleteScheduleEntry(String id) {
    return scheduleEntries.delete(id);
  }

  @Override
  public List<ScheduleEntry> dueScheduleEntries(Instant now, Set<String> types, int max) {
    return scheduleEntries.due(Micros.of(now), types, max);
  }

  @Override
  public OccurrenceFired fireOccurrence(Occurrence occurrence) {
    return scheduleEntries.fire(Micros.of(occurrence), tasks::submit);
  }
}
