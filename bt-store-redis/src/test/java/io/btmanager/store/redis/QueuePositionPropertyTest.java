package io.btmanager.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Rule 6 against the reference: random histories (submits of two types and three priorities,
 * claims of one type or both, successes, retries that become due again, releases, priority edits,
 * cancels) are replayed on the in-memory store and on Redis, and after every step every task's
 * queue position is the same on both.
 */
class QueuePositionPropertyTest {
  private static final List<String> TYPES = List.of("report", "mail");
  private static final TaskError ERROR =
      new TaskError(ErrorKind.IO, "The disk was full.", "Free some space.", true, "detail");

  private final InMemoryTaskStore memory = InMemoryTaskStore.create();
  private final RedisTaskStore redis = RedisServer.get().newStore();
  /** Per store, the lease token of each task it holds as running. */
  private final Map<TaskStore, Map<String, String>> running = new HashMap<>();

  private final List<String> ids = new ArrayList<>();

  @AfterEach
  void close() {
    redis.close();
  }

  @RepeatedTest(4)
  void everyTaskHasTheSameQueuePositionOnRedisAsInMemory(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition() * 7919L);
    running.put(memory, new HashMap<>());
    running.put(redis, new HashMap<>());
    for (int step = 0; step < 250; step++) {
      int dice = random.nextInt(100);
      String did;
      if (dice < 40 || ids.isEmpty()) {
        did = submit(random);
      } else if (dice < 55) {
        did = claim(random);
      } else if (dice < 75) {
        did = complete(random);
      } else if (dice < 88) {
        did = editPriority(random);
      } else {
        did = cancel(random);
      }
      for (String id : ids) {
        OptionalLong expected = memory.queuePosition(id);
        assertThat(redis.queuePosition(id))
            .as("step %d (%s): queue position of %s", step, did, id)
            .isEqualTo(expected);
      }
    }
  }

  private String submit(Random random) {
    NewTask task = NewTask.builder()
        .id(UUID.randomUUID().toString())
        .type(TYPES.get(random.nextInt(TYPES.size())))
        .name("t" + ids.size())
        .description("")
        .argumentsJson("{\"n\":" + ids.size() + "}")
        .dedupKey("k" + ids.size())
        .priority(Priority.values()[random.nextInt(3)])
        .owner("alice")
        .state(TaskState.PENDING)
        .maxAttempts(5)
        .createdAt(Instant.now())
        .build();
    memory.submit(task);
    redis.submit(task);
    ids.add(task.id());
    return "submit " + task.priority() + " " + task.type();
  }

  private String claim(Random random) {
    int max = 1 + random.nextInt(3);
    Set<String> types = random.nextBoolean() ? Set.copyOf(TYPES) : Set.of(TYPES.get(0));
    List<String> claimed = new ArrayList<>();
    for (TaskStore store : List.of(memory, redis)) {
      List<String> order = new ArrayList<>();
      for (StoredTask t :
          store.claim(new ClaimRequest("node", max, Duration.ofMinutes(5), types))) {
        running.get(store).put(t.id(), t.leaseToken());
        order.add(t.id());
      }
      if (store == memory) {
        claimed = order;
      } else {
        assertThat(order).as("claim order").isEqualTo(claimed);
      }
    }
    return "claim " + max + " of " + types;
  }

  /** Ends one running task: success, a retry due at once, or a release back to its place. */
  private String complete(Random random) {
    List<String> held = new ArrayList<>(running.get(memory).keySet());
    if (held.isEmpty()) {
      return "nothing to complete";
    }
    String id = held.get(random.nextInt(held.size()));
    TaskState state =
        List.of(TaskState.SUCCEEDED, TaskState.SCHEDULED, TaskState.PENDING).get(random.nextInt(3));
    for (TaskStore store : List.of(memory, redis)) {
      StoredTask t = store.find(id).orElseThrow();
      Instant now = store.now();
      boolean retry = state == TaskState.SCHEDULED;
      Completion c = new Completion(
          id,
          running.get(store).remove(id),
          state,
          state == TaskState.PENDING ? t.attempt() - 1 : t.attempt(),
          Progress.NONE,
          state == TaskState.SUCCEEDED ? "{}" : null,
          retry ? ERROR : null,
          state == TaskState.SUCCEEDED ? now : null,
          retry ? now.minusSeconds(1) : null,
          new Execution(
              id,
              t.attempt(),
              null,
              "node",
              t.startedAt(),
              now,
              state == TaskState.SUCCEEDED
                  ? ExecutionOutcome.SUCCEEDED
                  : state == TaskState.PENDING
                      ? ExecutionOutcome.RELEASED
                      : ExecutionOutcome.FAILED,
              null,
              retry ? ERROR : null));
      assertThat(store.complete(List.of(c))).containsExactly(true);
    }
    return state + " " + id;
  }

  private String editPriority(Random random) {
    String id = ids.get(random.nextInt(ids.size()));
    Priority priority = Priority.values()[random.nextInt(3)];
    for (TaskStore store : List.of(memory, redis)) {
      StoredTask t = store.find(id).orElseThrow();
      if (!t.state().isActive() || t.state() == TaskState.RUNNING) {
        return "no edit of " + t.state();
      }
      assertThat(store.editDetails(
              new DetailsEdit(id, t.version(), t.name(), t.description(), t.link(), priority)))
          .isTrue();
    }
    return "priority " + priority + " for " + id;
  }

  private String cancel(Random random) {
    String id = ids.get(random.nextInt(ids.size()));
    for (TaskStore store : List.of(memory, redis)) {
      StoredTask t = store.find(id).orElseThrow();
      if (t.state() != TaskState.PENDING && t.state() != TaskState.SCHEDULED) {
        return "no cancel of " + t.state();
      }
      assertThat(store.cancelWaiting(id, t.version(), ERROR)).isTrue();
    }
    return "cancel " + id;
  }
}
