package io.btmanager.core.memory;

import static io.btmanager.core.memory.NewTasks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuePromotionTest {

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryTaskStore store = InMemoryTaskStore.create(clock);

  @Test
  void aScheduledTaskIsNeitherQueuedNorClaimedBeforeItIsDue() {
    StoredTask later =
        store.submit(NewTasks.scheduled("later", T0.plusSeconds(10))).task();

    assertThat(store.queuePosition(later.id())).isEmpty();
    assertThat(store.claim(new ClaimRequest("node", 10, Duration.ofSeconds(30), Set.of("resize"))))
        .isEmpty();

    clock.advance(Duration.ofSeconds(9));
    assertThat(store.queuePosition(later.id())).isEmpty();
    assertThat(store.claim(new ClaimRequest("node", 10, Duration.ofSeconds(30), Set.of("resize"))))
        .isEmpty();
  }

  @Test
  void aDueTaskTakesItsPlaceBySeqAheadOfLaterSubmissions() {
    StoredTask first = store.submit(NewTasks.pending("first")).task();
    StoredTask retry =
        store.submit(NewTasks.scheduled("retry", T0.plusSeconds(10))).task();
    StoredTask third = store.submit(NewTasks.pending("third")).task();
    assertThat(store.queuePosition(third.id())).hasValue(1);

    clock.advance(Duration.ofSeconds(10)); // due exactly now: runnable

    assertThat(store.queuePosition(first.id())).hasValue(0);
    assertThat(store.queuePosition(retry.id())).hasValue(1);
    assertThat(store.queuePosition(third.id())).hasValue(2);
    assertThat(store.find(retry.id()).orElseThrow().state()).isEqualTo(TaskState.SCHEDULED);
    List<StoredTask> claimed =
        store.claim(new ClaimRequest("node", 10, Duration.ofSeconds(30), Set.of("resize")));
    assertThat(claimed)
        .extracting(StoredTask::id)
        .containsExactly(first.id(), retry.id(), third.id());
    assertThat(claimed.get(1).nextAttemptAt()).isNull();
    assertThat(claimed.get(1).state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void dueTasksArePromotedInDueOrderAndOnlyThoseDue() {
    StoredTask at30 = store.submit(NewTasks.scheduled("a", T0.plusSeconds(30))).task();
    StoredTask at10 = store.submit(NewTasks.scheduled("b", T0.plusSeconds(10))).task();
    StoredTask at20 = store.submit(NewTasks.scheduled("c", T0.plusSeconds(20))).task();

    clock.advance(Duration.ofSeconds(20));
    assertThat(store.claim(new ClaimRequest("node", 1, Duration.ofSeconds(30), Set.of("resize"))))
        .extracting(StoredTask::id)
        .containsExactly(at10.id());
    assertThat(store.queuePosition(at20.id())).hasValue(0);
    assertThat(store.queuePosition(at30.id())).isEmpty();

    clock.advance(Duration.ofSeconds(10));
    assertThat(store.claim(new ClaimRequest("node", 5, Duration.ofSeconds(30), Set.of("resize"))))
        .extracting(StoredTask::id)
        .containsExactly(at30.id(), at20.id()); // both runnable: by seq
  }

  @Test
  void renamingADueTaskKeepsItQueued() {
    StoredTask task = store.submit(NewTasks.scheduled("t", T0.plusSeconds(5))).task();
    clock.advance(Duration.ofSeconds(5));
    assertThat(store.queuePosition(task.id())).hasValue(0);

    StoredTask promoted = store.find(task.id()).orElseThrow();
    assertThat(store.editDetails(new DetailsEdit(
            promoted.id(), promoted.version(), "renamed", "", null, promoted.priority())))
        .isTrue();
    assertThat(store.queuePosition(task.id()))
        .as("a rename keeps a due task queued")
        .hasValue(0);
  }
}
