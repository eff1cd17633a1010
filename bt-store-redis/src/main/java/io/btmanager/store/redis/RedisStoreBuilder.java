package io.btmanager.store.redis;

import io.btmanager.store.redis.internal.ChangeFeed;
import io.btmanager.store.redis.internal.RedisKeys;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RedisTaskStore}; each setter checks its value at once and names a bad one.
 * Not thread-safe; {@link #build()} connects and returns an immutable store.
 */
public final class RedisStoreBuilder {
  private RedisURI uri;
  private RedisClient client;
  private String prefix = "bt";
  private String namespace = "default";
  private Duration commandTimeout = Duration.ofSeconds(10);
  private Clock clock;
  private long feedLength = ChangeFeed.KEEP;

  RedisStoreBuilder() {}

  /** The server, as {@code redis://[password@]host[:port][/database]}. */
  public RedisStoreBuilder uri(String uri) {
    Objects.requireNonNull(uri, "uri");
    try {
      this.uri = RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "uri '" + uri + "' is not accepted: redis://host:port/db", e);
    }
    return this;
  }

  /** The host's own client; the store opens its connections on it and never shuts it down. */
  public RedisStoreBuilder client(RedisClient client) {
    this.client = Objects.requireNonNull(client, "client");
    return this;
  }

  /** What every key starts with; default {@code bt}. Letters, digits, '_', '.', '-'. */
  public RedisStoreBuilder prefix(String prefix) {
    RedisKeys.of(prefix, namespace);
    this.prefix = prefix;
    return this;
  }

  /**
   * The namespace: stores with the same one share tasks; default {@code default}. Its keys share
   * one Redis Cluster hash tag. Letters, digits, '_', '.', '-'.
   */
  public RedisStoreBuilder namespace(String namespace) {
    RedisKeys.of(prefix, namespace);
    this.namespace = namespace;
    return this;
  }

  /** How long a command may take before it fails as unavailable; default 10 seconds. */
  public RedisStoreBuilder commandTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "commandTimeout " + timeout + " is not accepted: more than 0");
    }
    this.commandTimeout = timeout;
    return this;
  }

  /**
   * For tests: judge every time (due, lease expiry, claims, now) by {@code clock} instead of
   * Redis's {@code TIME}, so a test moves time instead of waiting. Never in production: nodes
   * would then judge leases by their own clocks.
   */
  public RedisStoreBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** For tests: how many entries (about) the change feed's stream keeps; default 100,000. */
  RedisStoreBuilder changeFeedLength(long entries) {
    if (entries < 1) {
      throw new IllegalArgumentException(
          "changeFeedLength " + entries + " is not accepted: 1 or more");
    }
    this.feedLength = entries;
    return this;
  }

  /**
   * Connects and checks the server: a {@code maxmemory-policy} other than {@code noeviction} is
   * refused with an {@link IllegalStateException} (eviction would drop tasks silently).
   *
   * @throws io.btmanager.core.exception.StoreUnavailableException when Redis cannot be reached
   */
  public RedisTaskStore build() {
    if ((uri == null) == (client == null)) {
      throw new IllegalStateException("give exactly one of uri(...) and client(...)");
    }
    RedisKeys keys = RedisKeys.of(prefix, namespace);
    RedisClient c = client;
    if (c == null) {
      c = RedisClient.create(uri);
      c.setOptions(ClientOptions.builder()
          .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
          .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
          .build());
    }
    RedisTaskStore store = new RedisTaskStore(c, client == null, keys, clock, feedLength);
    store.checkMemoryPolicy();
    return store;
  }
}
