package io.btmanager.store.redis;

import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.spi.ComposedTaskStore;
import io.btmanager.core.spi.StoreCapabilities;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.store.redis.internal.Catalog;
import io.btmanager.store.redis.internal.ChangeFeed;
import io.btmanager.store.redis.internal.Redis;
import io.btmanager.store.redis.internal.RedisKeys;
import io.btmanager.store.redis.internal.TaskRecords;
import io.btmanager.store.redis.internal.WorkQueue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

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
 * <p>Change feed: on a Redis Stream that keeps about the latest 100,000 announcements. A node that
 * was away resumes after the last change it read; if the stream trimmed changes it had not read,
 * its listener's {@code missed} callback runs before the changes that follow the gap, and the
 * manager tells its subscribers to read again.
 *
 * <p>Thread-safety: safe for any number of threads; they share one multiplexed connection.
 */
public final class RedisTaskStore extends ComposedTaskStore {
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
  private final RedisKeys keys;

  /** The store's connection and parts, made before the store (they go to its super constructor). */
  private record Parts(
      StatefulRedisConnection<String, String> connection,
      Redis redis,
      TaskRecords records,
      WorkQueue queue,
      Catalog catalog,
      ChangeFeed feed) {
    static Parts of(
        RedisClient client, boolean ownsClient, RedisKeys keys, Clock testClock, long feedLength) {
      StatefulRedisConnection<String, String> connection;
      try {
        connection = client.connect();
      } catch (RuntimeException e) {
        if (ownsClient) {
          client.shutdown();
        }
        throw new StoreUnavailableException("could not connect to Redis: " + e.getMessage(), e);
      }
      Redis redis = new Redis(connection, keys, testClock);
      return new Parts(
          connection,
          redis,
          new TaskRecords(redis, keys),
          new WorkQueue(redis, keys),
          new Catalog(redis, keys),
          new ChangeFeed(redis, keys, client, feedLength));
    }
  }

  RedisTaskStore(
      RedisClient client, boolean ownsClient, RedisKeys keys, Clock testClock, long feedLength) {
    this(Parts.of(client, ownsClient, keys, testClock, feedLength), client, ownsClient, keys);
  }

  private RedisTaskStore(Parts parts, RedisClient client, boolean ownsClient, RedisKeys keys) {
    super(parts.records(), parts.queue(), parts.catalog(), parts.feed());
    this.client = client;
    this.ownsClient = ownsClient;
    this.connection = parts.connection();
    this.redis = parts.redis();
    this.keys = keys;
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

  /** Closes the connection, and the client when the store made it. Tasks stay in Redis. */
  @Override
  public void close() {
    connection.close();
    if (ownsClient) {
      client.shutdown();
    }
  }
}
