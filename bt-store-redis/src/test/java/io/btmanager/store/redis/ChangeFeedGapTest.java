package io.btmanager.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.TaskChange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A node that was away while the change feed's stream trimmed entries it had not read is told it
 * must refresh; one that missed nothing is not, and hears every change.
 */
class ChangeFeedGapTest {
  /** What the stream keeps in these tests: Redis trims whole nodes of 100 entries at most. */
  private static final long KEEP = 10;

  @Test
  void aNodeThatFellBehindTheTrimmedStreamIsToldToRefresh() throws Exception {
    RedisServer server = RedisServer.get();
    String namespace = RedisServer.newNamespace();
    try (RedisTaskStore a = store(server, namespace);
        RedisTaskStore b = store(server, namespace)) {
      CountDownLatch away = new CountDownLatch(1);
      CountDownLatch stuck = new CountDownLatch(1);
      List<TaskChange> heard = new CopyOnWriteArrayList<>();
      AtomicInteger refreshes = new AtomicInteger();
      List<Integer> heardBeforeRefresh = new CopyOnWriteArrayList<>();
      AutoCloseable listening = b.listen(
          "node-b",
          change -> {
            heard.add(change);
            if (change.taskId().equals("first")) {
              stuck.countDown();
              hold(away); // node b is away: it reads nothing more until released
            }
          },
          () -> {
            heardBeforeRefresh.add(heard.size());
            refreshes.incrementAndGet();
          });
      try {
        a.announce(List.of(change("first")));
        assertThat(stuck.await(10, TimeUnit.SECONDS))
            .as("b heard the first change")
            .isTrue();
        for (int i = 0; i < 1_000; i++) {
          a.announce(List.of(change("while-away-" + i)));
        }
        away.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> refreshes.get() >= 1);
        a.announce(List.of(change("after")));
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> heard.stream().anyMatch(c -> c.taskId().equals("after")));
        assertThat(refreshes).as("told once to refresh").hasValue(1);
        assertThat(heardBeforeRefresh)
            .as("told before any change that follows the gap")
            .containsExactly(1);
        assertThat(heard.size()).as("the trimmed changes are not delivered").isLessThan(1_002);
      } finally {
        away.countDown();
        listening.close();
      }
    }
  }

  @Test
  void aNodeThatMissedNothingHearsEveryChangeAndIsNotToldToRefresh() throws Exception {
    RedisServer server = RedisServer.get();
    String namespace = RedisServer.newNamespace();
    try (RedisTaskStore a = server.store(namespace);
        RedisTaskStore b = server.store(namespace)) {
      CountDownLatch away = new CountDownLatch(1);
      CountDownLatch stuck = new CountDownLatch(1);
      List<TaskChange> heard = new CopyOnWriteArrayList<>();
      AtomicInteger refreshes = new AtomicInteger();
      AutoCloseable listening = b.listen(
          "node-b",
          change -> {
            heard.add(change);
            if (change.taskId().equals("first")) {
              stuck.countDown();
              hold(away);
            }
          },
          refreshes::incrementAndGet);
      try {
        a.announce(List.of(change("first")));
        assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 300; i++) {
          a.announce(List.of(change("while-away-" + i), change("also-" + i)));
        }
        away.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> heard.size() == 601);
        assertThat(heard.get(600).taskId()).isEqualTo("also-299");
        assertThat(refreshes).hasValue(0);
      } finally {
        away.countDown();
        listening.close();
      }
    }
  }

  private static RedisTaskStore store(RedisServer server, String namespace) {
    return RedisTaskStore.builder()
        .uri(server.uri())
        .namespace(namespace)
        .changeFeedLength(KEEP)
        .build();
  }

  private static TaskChange change(String task) {
    return new TaskChange("node-a", task, TaskEventKind.CREATED, null);
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
