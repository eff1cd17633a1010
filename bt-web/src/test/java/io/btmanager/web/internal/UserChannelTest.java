package io.btmanager.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the core says a user's events were lost (the subscription fell behind, or the node missed
 * changes made on other nodes), every open stream of the user gets a reset, and a client that
 * reconnects with an event id from before the loss gets a reset instead of a replay with a hole.
 */
class UserChannelTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final UserChannel channel =
      new UserChannel("alice", false, "epoch", new AtomicLong(), 100, 1, timer);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void lostEventsResetEveryStreamAndEveryResumeFromBeforeTheLoss() {
    List<PushMessage> first = open(null);
    channel.onEvent(event("t-1", TaskEventKind.STARTED));
    String beforeLoss = first.get(first.size() - 1).id();

    channel.onOverflow(0);

    assertThat(first).extracting(PushMessage::type).containsExactly("hello", "task", "reset");
    List<PushMessage> resumed = open(beforeLoss);
    assertThat(resumed).extracting(PushMessage::type).containsExactly("hello", "reset");
  }

  @Test
  void aResumeFromAfterTheLossReplaysWhatCameSince() {
    open(null);
    channel.onOverflow(3);
    channel.onEvent(event("t-1", TaskEventKind.STARTED));
    List<PushMessage> watching = open(null);
    channel.onEvent(event("t-1", TaskEventKind.SUCCEEDED));
    String afterLoss = watching.get(watching.size() - 1).id();
    channel.onEvent(event("t-2", TaskEventKind.STARTED));

    List<PushMessage> resumed = open(afterLoss);

    assertThat(resumed).extracting(PushMessage::type).containsExactly("hello", "task");
  }

  private List<PushMessage> open(String lastEventId) {
    List<PushMessage> got = new CopyOnWriteArrayList<>();
    channel.reserve(10);
    channel.attach(
        new Outbox(
            100,
            new Outbox.Transport() {
              @Override
              public void send(PushMessage m, Consumer<Boolean> done) {
                got.add(m);
                done.accept(true);
              }

              @Override
              public void close() {}
            },
            () -> {}),
        lastEventId);
    return got;
  }

  private static TaskEvent event(String id, TaskEventKind kind) {
    Instant at = Instant.parse("2026-12-04T10:00:00Z");
    Task t = Task.builder()
        .id(id)
        .type("resize")
        .name("n")
        .description("")
        .argumentsJson("{}")
        .dedupKey("k")
        .state(kind == TaskEventKind.SUCCEEDED ? TaskState.SUCCEEDED : TaskState.RUNNING)
        .priority(Priority.MEDIUM)
        .owners(Set.of("alice"))
        .progress(new Progress(0, 1, ""))
        .createdAt(at)
        .attempt(1)
        .maxAttempts(1)
        .queuePosition(-1)
        .groupSize(1)
        .build();
    return new TaskEvent(kind, t, null, at, 1);
  }
}
