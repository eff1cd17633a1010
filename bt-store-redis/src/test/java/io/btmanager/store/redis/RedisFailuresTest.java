package io.btmanager.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Priority;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the store does when Redis fails, forgets its scripts, or is set up to evict keys. */
class RedisFailuresTest {
  private RedisTaskStore store;
  private RedisServer own;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (own != null) {
      own.stop();
    }
  }

  @Test
  void aScriptFlushMidRunIsRecoveredByLoadingTheScriptAgain() {
    RedisServer server = RedisServer.get();
    store = server.newStore();
    store.submit(NewTasks.report("before", "alice"));
    try (RedisClient client = RedisClient.create(server.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().scriptFlush();
      assertThat(c.sync().scriptExists(io.btmanager.store.redis.internal.Script.SUBMIT.sha()))
          .containsExactly(false);
      store.submit(NewTasks.report("after", "alice"));
      List<StoredTask> claimed =
          store.claim(new ClaimRequest("node-1", 10, Duration.ofMinutes(1), Set.of("report")));
      assertThat(claimed).extracting(StoredTask::dedupKey).containsExactly("before", "after");
      assertThat(c.sync().scriptExists(io.btmanager.store.redis.internal.Script.SUBMIT.sha()))
          .containsExactly(true);
    }
  }

  @Test
  void anEvictingMemoryPolicyIsRefusedWithAMessage() {
    own = RedisServer.start();
    try (RedisClient client = RedisClient.create(own.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().configSet("maxmemory-policy", "allkeys-lru");
    }
    assertThatThrownBy(() -> RedisTaskStore.connect(own.uri()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'allkeys-lru'")
        .hasMessageContaining("noeviction");
  }

  @Test
  void aLostConnectionIsRetryableAndTheStoreResumesWithNothingAcknowledgedLost() {
    own = RedisServer.start();
    store = own.newStore();
    String kept = store.submit(NewTasks.report("kept", "alice")).task().id();

    own.kill();
    assertThatThrownBy(() -> store.submit(NewTasks.report("refused", "alice")))
        .isInstanceOf(StoreUnavailableException.class) // the retryable outage, not a refusal
        .hasMessageStartingWith("the Redis task store could not submit");

    own.launch();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsInstanceOf(StoreUnavailableException.class)
        .until(() -> store.find(kept).isPresent());
    store.submit(NewTasks.report("after", "alice"));
    assertThat(store.tasksOf("alice"))
        .extracting(StoredTask::dedupKey)
        .containsExactlyInAnyOrder("kept", "after");
  }

  @Test
  void aScriptErrorIsNotRetryable() {
    RedisServer server = RedisServer.get();
    store = server.newStore();
    try (RedisClient client = RedisClient.create(server.uri());
        StatefulRedisConnection<String, String> c = client.connect()) {
      String namespaceQueue = store.keys().scriptKeys().get(2);
      assertThat(namespaceQueue).endsWith(":queue");
      c.sync().set(namespaceQueue, "not a sorted set");
    }
    assertThatThrownBy(() -> store.submit(NewTasks.report("k", "alice")))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("WRONGTYPE");
  }

  @Test
  void aBatchNamingAMissingConfigurationWritesNothing() {
    store = RedisServer.get().newStore();
    assertThatThrownBy(() -> store.submitAll(List.of(
            NewTasks.report("first", "alice"),
            NewTasks.report("second", "alice", Priority.HIGH, "no-such-configuration"))))
        .isInstanceOfSatisfying(
            ConfigurationNotFoundException.class,
            e -> assertThat(e.getMessage()).contains("no-such-configuration"));
    assertThat(store.tasksOf(null)).isEmpty();
    assertThat(store.claim(new ClaimRequest("node-1", 10, Duration.ofMinutes(1), Set.of("report"))))
        .isEmpty();
  }
}
