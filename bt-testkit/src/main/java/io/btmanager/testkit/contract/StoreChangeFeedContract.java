package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.WAIT;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.TaskChange;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The optional change feed, for stores that declare it. */
abstract class StoreChangeFeedContract extends StoreContractArea {

  @BeforeEach
  void onlyForStoresWithAChangeFeed() {
    assumeTrue(store.capabilities().changeFeed(), "the store has no change feed");
  }

  @Test
  void anotherNodesChangesArriveInTheOrderTheyWereAnnounced() throws Exception {
    List<TaskChange> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (AutoCloseable listening = store.listen("node-b", heard::add)) {
      List<TaskChange> sent = List.of(
          new TaskChange("node-a", newId(), TaskEventKind.CREATED, null),
          new TaskChange("node-a", newId(), TaskEventKind.JOINED, "bob"),
          new TaskChange("node-a", newId(), TaskEventKind.SUCCEEDED, null));
      awaitDelivery(heard, sent);
      assertThat(heard).containsSubsequence(sent);
    }
  }

  @Test
  void nothingArrivesOnceTheListenerIsClosed() throws Exception {
    List<TaskChange> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    AutoCloseable listening = store.listen("node-b", heard::add);
    TaskChange first = new TaskChange("node-a", newId(), TaskEventKind.CREATED, null);
    awaitDelivery(heard, List.of(first));
    listening.close();
    List<TaskChange> control = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (AutoCloseable other = store.listen("node-c", control::add)) {
      TaskChange late = new TaskChange("node-a", newId(), TaskEventKind.DELETED, null);
      awaitDelivery(control, List.of(late));
      assertThat(heard).doesNotContain(late);
    }
  }

  /** Announces {@code changes} again until the listener heard them (a LISTEN may start late). */
  private void awaitDelivery(List<TaskChange> heard, List<TaskChange> changes) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (!heard.containsAll(changes)) {
        store.announce(changes);
      }
      return heard.containsAll(changes);
    });
  }
}
