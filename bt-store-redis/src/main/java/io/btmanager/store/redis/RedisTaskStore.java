package io.btmanager.store.redis;

import io.btmanager.core.exception.StoreUnavailableException;
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
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.spi.TaskChange;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
import io.btmanager.store.redis.internal.Catalog;
import io.btmanager.store.redis.internal.ChangeFeed;
import io.btmanager.store.redis.internal.Redis;
import io.btmanager.store.redis.internal.RedisKeys;
import io.btmanager.store.redis.internal.TaskRecords;
import io.btmanager.store.redis.internal.WorkQueue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link TaskStore} on Redis, shared by every node that names the same server, prefix and
 * namespace. Built by {@link #builder()}.
 *
 * <p>Guarantees: every operation is one Lua script, so it is atomic and isolated from every other
 * operation of every node; a call returns once Redis acknowledged it. With AOF and {@code
 * appendfsync always}, nothing acknowledged is lost when Redis crashes; with {@code everysec} up to
 * about a second of acknowledged writes can be, and without persistence everything is lost with
 * the server. Due times, lease expiry and claims are judged by Redis's clock: the scripts that judge
 * them read {@code TIME} themselves, never a node's wall clock. Lease tokens come from one counter
 * and only increase.
 *
 * <p>Failures: a lost, refused or timed-out connection is the retryable {@link
 * StoreUnavailableException}, and the call wrote nothing; an error inside a script is not
 * retryable. Commands are rejected, not queued, while the connection is down, so calls fail fast
 * and the engine backs off until Redis is back (the client reconnects by itself).
 *
 * <p>Thread-safety: safe for any number of threads; they share one multiplexed connection.
 */
public final class RedisTaskStore implements TaskStore {
  /**
   * Survives restarts (as Redis's persistence allows: see above), shared across nodes, a round trip
   * per write worth sharing between a node's workers, a change feed; queries are evaluated by the
   * core over {@link #tasksOf}.
   */
  private static final StoreCapabilities CAPABILITIES = StoreCapabilities.builder()
      .survivesRestart(true)
      .sharedAcrossNodes(true)
      .batchesCommits(true)
      .changeFeed(true)
      .filtersQueries(false)
      .build();

  private final RedisClient client;
  private final boolean ownsClient;
  private final StatefulRedisConnection<String, String> connection;
  private final Redis redis;
  private final TaskRecords records;
  private final WorkQueue queue;
  private final Catalog catalog;
  private final ChangeFeed feed;
  private final RedisKeys keys;

  RedisTaskStore(
      RedisClient client, boolean ownsClient, RedisKeys keys, Clock testClock, long feedLength) {
    this.client = client;
    this.ownsClient = ownsClient;
    try {
      this.connection = client.connect();
    } catch (RuntimeException e) {
      if (ownsClient) {
        client.shutdown();
      }
      throw new StoreUnavailableException("could not connect to Redis: " + e.getMessage(), e);
    }
    this.keys = keys;
    this.redis = new Redis(connection, keys, testClock);
    this.records = new TaskRecords(redis, keys);
    this.queue = new WorkQueue(redis, keys);
    this.catalog = new Catalog(redis, keys);
    this.feed = new ChangeFeed(redis, keys, client, feedLength);
  }

  /** A builder for a store; {@link RedisStoreBuilder#uri} or {@link RedisStoreBuilder#client} is required. */
  public static RedisStoreBuilder builder() {
    return new RedisStoreBuilder();
  }

  /** A store on the Redis server at {@code uri} ({@code redis://host:port/db}), default namespace. */
  public static RedisTaskStore connect(String uri) {
    return builder().uri(uri).build();
  }

  /** Refuses a server whose memory policy may evict keys (it would drop tasks silently). */
  void checkMemoryPolicy() {
    String info = redis.call("read the memory policy", c -> c.info("memory"));
    String policy = info.lines()
        .filter(l -> l.startsWith("maxmemory_policy:"))
        .map(l -> l.substring("maxmemory_policy:".length()).strip())
        .findFirst()
        .orElse("noeviction");
    if (!policy.equals("noeviction")) {
      close();
      throw new IllegalStateException("Redis maxmemory-policy is '" + policy
          + "': it may evict tasks. bt-manager needs 'noeviction' "
          + "(CONFIG SET maxmemory-policy noeviction, or in redis.conf)");
    }
  }

  /** The ids of every task of the namespace, in submission order (for tests and tools). */
  List<String> allIds() {
    return redis.call("list task ids", c -> c.zrange(keys.all(), 0, -1));
  }

  /** The key names of this store's namespace. */
  RedisKeys keys() {
    return keys;
  }

  @Override
  public StoreCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Redis's clock ({@code TIME}), measured every few seconds and carried on by this JVM's monotonic
   * ticks (no round trip per call); for what the core stamps or computes outside a script (finish
   * times, retry and schedule due times). The scripts read {@code TIME} themselves.
   */
  @Override
  public Instant now() {
    return redis.now();
  }

  @Override
  public SubmitResult submit(NewTask task) {
    return records.submit(List.of(task)).get(0);
  }

  /** All in one script: checked first (configurations, ids), so a refused batch writes nothing. */
  @Override
  public List<SubmitResult> submitAll(List<NewTask> tasks) {
    return records.submit(tasks);
  }

  @Override
  public Optional<StoredTask> find(String id) {
    return records.find(id);
  }

  @Override
  public List<StoredTask> findAll(Collection<String> ids) {
    return records.findAll(ids);
  }

  /** The owner's tasks (every task when null), for the core to filter, collapse and sort. */
  @Override
  public List<StoredTask> tasksOf(String owner) {
    return records.ofOwner(owner);
  }

  /** A sorted-set rank: O(log n). */
  @Override
  public OptionalLong queuePosition(String id) {
    return records.queuePosition(id);
  }

  /** One script: a sorted-set rank per task. */
  @Override
  public Map<String, Long> queuePositions(Collection<String> ids) {
    return records.queuePositions(ids);
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

  /** One script: the lease (from Redis's clock), token (INCR) and queue moves of every task. */
  @Override
  public List<StoredTask> claim(ClaimRequest request) {
    if (request.max() == 0) {
      return List.of();
    }
    return queue
        .turn(List.of(), request.node(), request.max(), request.lease(), request.types())
        .claimed();
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
    if (completions.isEmpty()) {
      return List.of();
    }
    return queue.turn(completions, "", 0, Duration.ZERO, Set.of()).applied();
  }

  /** One script: the completions and the claim are written together. */
  @Override
  public Turnover completeAndClaim(List<Completion> completions, ClaimRequest request) {
    return queue.turn(completions, request.node(), request.max(), request.lease(), request.types());
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

  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    return records.purgeFinishedBefore(cutoff, max);
  }

  @Override
  public List<Execution> executions(String taskId) {
    return records.executions(taskId);
  }

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

  /** One script: the entry advances and its task is submitted (or joined), or neither. */
  @Override
  public OccurrenceFired fireOccurrence(Occurrence occurrence) {
    return catalog.fireOccurrence(occurrence);
  }

  @Override
  public void announce(List<TaskChange> changes) {
    feed.announce(changes);
  }

  /**
   * Delivers the changes other nodes announce, as {@link #listen(String, Consumer, Runnable)} does;
   * a gap (changes trimmed from the stream before this node read them) is logged as a warning.
   */
  @Override
  public AutoCloseable listen(String node, Consumer<TaskChange> listener) {
    return feed.listen(node, listener, () -> {});
  }

  /**
   * Delivers the changes that nodes other than {@code node} announce, in the order each node
   * announced them, on a thread of the store's, until the handle is closed. A node that was away
   * resumes after the last change it read; if the stream (which keeps about the latest 100,000
   * announcements) trimmed changes it had not read, {@code mustRefresh} is called on that thread
   * before the changes that follow the gap, so the node reads again what it shows instead of
   * silently missing changes (the manager then tells its subscribers to read again).
   */
  @Override
  public AutoCloseable listen(String node, Consumer<TaskChange> listener, Runnable mustRefresh) {
    return feed.listen(node, listener, java.util.Objects.requireNonNull(mustRefresh));
  }

  /** Closes the connection, and the client when the store made it. Tasks stay in Redis. */
  @Override
  public void close() {
    connection.close();
    if (ownsClient) {
      client.shutdown();
    }
  }
}
