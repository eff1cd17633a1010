package io.btmanager.store.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisKeysTest {

  @Test
  void theSlotComputationIsRedisCluster() {
    // CRC16-XMODEM of "123456789" is 0x31C3 (the Redis Cluster specification's check value)
    assertThat(SlotHash.getSlot("123456789")).isEqualTo(0x31C3 % 16384);
    // with a hash tag only the tag counts
    assertThat(SlotHash.getSlot("{user1000}.following"))
        .isEqualTo(SlotHash.getSlot("{user1000}.followers"))
        .isEqualTo(SlotHash.getSlot("user1000"));
  }

  @Test
  void everyKeyOfANamespaceHashesToTheSlotOfItsTag() {
    RedisKeys keys = RedisKeys.of("bt", "orders-eu");
    List<String> all = new ArrayList<>(keys.scriptKeys());
    all.add(keys.task("0190a3f0-7c1d-7000-8000-000000000001"));
    all.add(keys.executions("another-task"));
    all.add(keys.configuration("cfg-1"));
    all.add(keys.scheduleEntry("entry-1"));
    for (String prefix : keys.scriptKeys()) {
      all.add(prefix + "some-id-or-owner"); // the per-id keys the scripts build
    }
    int slot = SlotHash.getSlot("orders-eu");
    assertThat(all).allSatisfy(key -> {
      assertThat(key).startsWith("bt:{orders-eu}:");
      assertThat(SlotHash.getSlot(key)).as(key).isEqualTo(slot);
    });
  }

  @Test
  void namespacesDoNotShareKeys() {
    RedisKeys a = RedisKeys.of("bt", "a");
    RedisKeys b = RedisKeys.of("bt", "b");
    assertThat(a.scriptKeys()).doesNotContainAnyElementsOf(b.scriptKeys());
    assertThat(a.scriptKeys()).hasSize(RedisKeys.NAMES.length).doesNotHaveDuplicates();
  }

  @Test
  void aPrefixOrNamespaceThatWouldBreakTheTagIsRefused() {
    assertThatThrownBy(() -> RedisKeys.of("bt", "a}b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace 'a}b'")
        .hasMessageContaining("letters, digits");
    assertThatThrownBy(() -> RedisKeys.of("", "a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix ''");
    assertThatThrownBy(() -> RedisKeys.of("bt{", "a")).isInstanceOf(IllegalArgumentException.class);
  }
}
