package io.btmanager.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.StoredTask;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Claims and lease extensions are stamped by Redis's {@code TIME}, read inside the script: between
 * the server's time before and after the call, and the store's {@code now()} (what the core stamps
 * with) is never after a script's stamp that follows it.
 */
class ScriptTimeTest {
  private static final Duration LEASE = Duration.ofSeconds(30);

  @Test
  void aClaimAndAnExtensionAreStampedByTheServersClock() {
    RedisServer server = RedisServer.get();
    RedisClient client = RedisClient.create(server.uri());
    try (RedisTaskStore store = server.newStore();
        StatefulRedisConnection<String, String> c = client.connect()) {
      store.submit(NewTasks.report("k-" + System.nanoTime(), "alice"));
      Instant storeNowBefore = store.now();
      Instant before = time(c);
      List<StoredTask> claimed =
          store.claim(new ClaimRequest("node-1", 1, LEASE, Set.of("report")));
      Instant after = time(c);

      assertThat(claimed).hasSize(1);
      StoredTask t = claimed.get(0);
      assertThat(t.startedAt()).isBetween(before, after).isAfterOrEqualTo(storeNowBefore);
      assertThat(t.leaseExpiresAt()).isEqualTo(t.startedAt().plus(LEASE));

      Instant beforeExtension = time(c);
      store.extendLeases(java.util.Map.of(t.id(), t.leaseToken()), LEASE);
      Instant afterExtension = time(c);
      Instant expiry = store.find(t.id()).orElseThrow().leaseExpiresAt();
      assertThat(expiry).isBetween(beforeExtension.plus(LEASE), afterExtension.plus(LEASE));
    } finally {
      client.shutdown();
    }
  }

  private static Instant time(StatefulRedisConnection<String, String> c) {
    List<String> t = c.sync().time();
    return Instant.ofEpochSecond(Long.parseLong(t.get(0)), Long.parseLong(t.get(1)) * 1_000);
  }
}
