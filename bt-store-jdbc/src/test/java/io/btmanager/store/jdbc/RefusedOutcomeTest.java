package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One bad outcome never fails the others written with it: when the database refuses a value in one
 * completion of a batch (the workers of a node share one), the rest are applied and only the
 * refused one reports not applied. Written through the SPI, past the core's limits.
 */
class RefusedOutcomeTest {

  @Test
  void onH2AnOverLongMessageFailsOnlyItsOwnOutcome() {
    try (JdbcTaskStore store = JdbcTaskStore.h2InMemory("refused-" + UUID.randomUUID())) {
      onlyTheBadOneIsRefused(store, "m".repeat(1_001)); // progress_message is VARCHAR(1000)
    }
  }

  @Test
  void onPostgresANulFailsOnlyItsOwnOutcome() {
    try (JdbcTaskStore store = PostgresServer.get().newStore()) {
      onlyTheBadOneIsRefused(store, "a\0b");
    }
  }

  private static void onlyTheBadOneIsRefused(JdbcTaskStore store, String badMessage) {
    for (int i = 0; i < 4; i++) {
      store.submit(NewTasks.report("k" + i, "alice"));
    }
    List<StoredTask> claimed =
        store.claim(new ClaimRequest("node", 3, Duration.ofMinutes(1), Set.of("report")));
    assertThat(claimed).hasSize(3);
    List<Completion> outcomes = List.of(
        succeeded(claimed.get(0), "fine"),
        succeeded(claimed.get(1), badMessage),
        succeeded(claimed.get(2), "also fine"));

    Turnover t = store.completeAndClaim(
        outcomes, new ClaimRequest("node", 1, Duration.ofMinutes(1), Set.of("report")));

    assertThat(t.applied()).containsExactly(true, false, true);
    assertThat(t.claimed()).hasSize(1);
    assertThat(store.find(claimed.get(0).id()).orElseThrow().state())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(store.find(claimed.get(1).id()).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
    assertThat(store.find(claimed.get(2).id()).orElseThrow().state())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(store.complete(List.of(succeeded(claimed.get(1), "said shorter"))))
        .containsExactly(true);
  }

  private static Completion succeeded(StoredTask t, String message) {
    Instant now = Instant.now();
    return new Completion(
        t.id(),
        t.leaseToken(),
        TaskState.SUCCEEDED,
        t.attempt(),
        new Progress(1, 1, message),
        "\"done\"",
        null,
        now,
        null,
        new Execution(
            t.id(),
            t.attempt(),
            null,
            "node",
            t.startedAt(),
            now,
            ExecutionOutcome.SUCCEEDED,
            "\"done\"",
            null));
  }
}
