package io.btmanager.core.spi;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link TaskStore} made of one part per aggregate: every operation of {@link TaskRecords},
 * {@link WorkQueue}, {@link Catalog} and {@link ChangeFeed} goes to the part that owns it,
 * unchanged, so the store class keeps only what is its own (capabilities, clock, resources,
 * builder). Each part gives its operations the atomicity their contracts state; a store may still
 * override any operation.
 */
public abstract class ComposedTaskStore implements TaskStore {
  private final TaskRecords records;
  private final WorkQueue queue;
  private final Catalog catalog;
  private final ChangeFeed feed;

  /**
   * @param feed the change feed, or a {@code new ChangeFeed() {}} that carries nothing
   * @throws NullPointerException when a part is null
   */
  protected ComposedTaskStore(
      TaskRecords records, WorkQueue queue, Catalog catalog, ChangeFeed feed) {
    this.records = Objects.requireNonNull(records, "records");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.feed = Objects.requireNonNull(feed, "feed");
  }

  // Task records

  @Override
  public SubmitResult submit(NewTask task) {
    return records.submit(task);
  }

  @Override
  public List<SubmitResult> submitAll(List<NewTask> tasks) {
    return records.submitAll(tasks);
  }

  @Override
  public Optional<StoredTask> find(String id) {
    return records.find(id);
  }

  @Override
  public List<StoredTask> findAll(Collection<String> ids) {
    return records.findAll(ids);
  }

  @Override
  public StorePage query(String owner, TaskQuery query) {
    return records.query(owner, query);
  }

  @Override
  public List<StoredTask> tasksOf(String owner) {
    return records.tasksOf(owner);
  }

  @Override
  public OptionalLong queuePosition(String id) {
    return records.queuePosition(id);
  }

  @Override
  public Map<String, Long> queuePositions(Collection<String> ids) {
    return records.queuePositions(ids);
  }

  @Override
  public List<Execution> executions(String taskId) {
    return records.executions(taskId);
  }

  @Override
  public boolean detachOwner(String id, long version, String owner) {
    return records.detachOwner(id, version, owner);
  }

  @Override
  public boolean requestCancel(String id, long version) {
    return records.requestCancel(id, version);
  }

  @Override
  public boolean cancelWaiting(String id, long version, TaskError error) {
    return records.cancelWaiting(id, version, error);
  }

  @Override
  public boolean editDetails(DetailsEdit edit) {
    return records.editDetails(edit);
  }

  @Override
  public boolean delete(String id, long version) {
    return records.delete(id, version);
  }

  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    return records.purgeFinishedBefore(cutoff, max);
  }

  // Work queue

  @Override
  public List<StoredTask> claim(ClaimRequest request) {
    return queue.claim(request);
  }

  @Override
  public Map<String, LeaseStatus> extendLeases(Map<String, String> leaseTokens, Duration lease) {
    return queue.extendLeases(leaseTokens, lease);
  }

  @Override
  public boolean saveProgress(String taskId, String leaseToken, Progress progress) {
    return queue.saveProgress(taskId, leaseToken, progress);
  }

  @Override
  public List<Boolean> complete(List<Completion> completions) {
    return queue.complete(completions);
  }

  @Override
  public Turnover completeAndClaim(List<Completion> completions, ClaimRequest request) {
    return queue.completeAndClaim(completions, request);
  }

  @Override
  public List<StoredTask> expiredLeases(int max) {
    return queue.expiredLeases(max);
  }

  @Override
  public boolean returnExpiredLease(LeaseReturn expired) {
    return queue.returnExpiredLease(expired);
  }

  @Override
  public Optional<Duration> typicalRunTime(String type) {
    return queue.typicalRunTime(type);
  }

  // Catalog

  @Override
  public void insertConfiguration(Configuration configuration) {
    catalog.insertConfiguration(configuration);
  }

  @Override
  public boolean updateConfiguration(Configuration configuration) {
    return catalog.updateConfiguration(configuration);
  }

  @Override
  public Optional<Configuration> findConfiguration(String id) {
    return catalog.findConfiguration(id);
  }

  @Override
  public List<Configuration> configurations(String owner) {
    return catalog.configurations(owner);
  }

  @Override
  public ConfigurationDeletion deleteConfiguration(String id) {
    return catalog.deleteConfiguration(id);
  }

  @Override
  public void insertScheduleEntry(ScheduleEntry entry) {
    catalog.insertScheduleEntry(entry);
  }

  @Override
  public boolean updateScheduleEntry(ScheduleEntry entry) {
    return catalog.updateScheduleEntry(entry);
  }

  @Override
  public Optional<ScheduleEntry> findScheduleEntry(String id) {
    return catalog.findScheduleEntry(id);
  }

  @Override
  public List<ScheduleEntry> scheduleEntries(String owner) {
    return catalog.scheduleEntries(owner);
  }

  @Override
  public boolean deleteScheduleEntry(String id) {
    return catalog.deleteScheduleEntry(id);
  }

  @Override
  public List<ScheduleEntry> dueScheduleEntries(Instant now, Set<String> types, int max) {
    return catalog.dueScheduleEntries(now, types, max);
  }

  @Override
  public OccurrenceFired fireOccurrence(Occurrence occurrence) {
    return catalog.fireOccurrence(occurrence);
  }

  // Change feed

  @Override
  public void announce(List<TaskChange> changes) {
    feed.announce(changes);
  }

  @Override
  public AutoCloseable listen(String node, Consumer<TaskChange> listener) {
    return feed.listen(node, listener);
  }

  @Override
  public AutoCloseable listen(String node, Consumer<TaskChange> listener, Runnable missed) {
    return feed.listen(node, listener, missed);
  }
}
