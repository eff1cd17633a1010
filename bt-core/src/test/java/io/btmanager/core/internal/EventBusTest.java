package io.btmanager.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.event.TaskListener;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTest {
  private static final Instant AT = Instant.parse("2026-12-04T12:00:00Z");
  private final EventBus bus = new EventBus("test");
  private final CountDownLatch unstuck = new CountDownLatch(1);
  private final CountDownLatch inFirst = new CountDownLatch(1);
  /** What the listener saw: events as "kind task progress", overflows as "overflow n". */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    unstuck.countDown();
    bus.close();
  }

  /** A listener stuck in its first event until the test lets it go. */
  private Subscription stuckListener() {
    return bus.subscribe("alice", new TaskListener() {
      @Override
      public void onEvent(TaskEvent e) {
        seen.add(e.kind() + " " + e.taskId() + " " + e.task().progress().done());
        if (inFirst.getCount() > 0) {
          inFirst.countDown();
          try {
            unstuck.await();
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }
      }

      @Override
      public void onOverflow(long dropped) {
        seen.add("overflow " + dropped);
      }
    });
  }

  private static TaskEvent event(TaskEventKind kind, String id, long done, long version) {
    Task t = new Task(
        id,
        "type",
        "name",
        "",
        "{}",
        "key",
        TaskState.RUNNING,
        Priority.MEDIUM,
        Set.of("alice"),
        null,
        new Progress(done, 100, ""),
        AT,
        AT,
        null,
        null,
        null,
        1,
        1,
        null,
        null,
        null,
        -1,
        null,
        1);
    return new TaskEvent(kind, t, null, AT, version);
  }

  private void publish(TaskEvent e) {
    bus.publish(e, Set.of("alice"));
  }

  private void awaitSeen(int n) {
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= n);
  }

  private void stuckOnABlocker() throws InterruptedException {
    stuckListener();
    publish(event(TaskEventKind.UPDATED, "blocker", 0, 1));
    assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aStuckListenerHoldsAtMostItsBufferAndIsToldHowManyEventsItMissed() throws Exception {
    stuckOnABlocker();
    int published = TaskListener.BUFFER + 500;
    for (int i = 0; i < published; i++) {
      publish(event(TaskEventKind.UPDATED, "t" + i, 0, 1));
    }

    unstuck.countDown();

    awaitSeen(1 + 1 + TaskListener.BUFFER);
    assertThat(seen.get(1)).isEqualTo("overflow 500");
    assertThat(seen.get(2)).isEqualTo("UPDATED t0 0");
    assertThat(seen.get(seen.size() - 1)).isEqualTo("UPDATED t" + (TaskListener.BUFFER - 1) + " 0");
    assertThat(seen).hasSize(2 + TaskListener.BUFFER);
  }

  @Test
  void progressOfATaskStillInTheBufferIsMergedWithoutJumpingOtherEvents() throws Exception {
    stuckOnABlocker();
    for (int i = 0; i < EventBus.MERGE_FROM; i++) { // a listener this far behind gets merges
      publish(event(TaskEventKind.UPDATED, "filler", 0, 1));
    }
    publish(event(TaskEventKind.STARTED, "t", 0, 2));
    for (int done = 1; done <= 50; done++) {
      publish(event(TaskEventKind.PROGRESS, "t", done, 2));
    }
    publish(event(TaskEventKind.RETRY_SCHEDULED, "t", 50, 3));
    publish(event(TaskEventKind.STARTED, "t", 0, 4));
    for (int done = 1; done <= 50; done++) {
      publish(event(TaskEventKind.PROGRESS, "t", done * 2, 4));
    }
    publish(event(TaskEventKind.SUCCEEDED, "t", 100, 5));

    unstuck.countDown();

    awaitSeen(7 + EventBus.MERGE_FROM);
    assertThat(seen.subList(1 + EventBus.MERGE_FROM, seen.size()))
        .containsExactly(
            "STARTED t 0",
            "PROGRESS t 50",
            "RETRY_SCHEDULED t 50",
            "STARTED t 0",
            "PROGRESS t 100",
            "SUCCEEDED t 100");
  }

  @Test
  void aListenerThatKeepsUpSeesEveryProgressReport() throws Exception {
    stuckOnABlocker();
    for (int done = 1; done <= 50; done++) {
      publish(event(TaskEventKind.PROGRESS, "t", done, 2));
    }

    unstuck.countDown();

    awaitSeen(51);
    assertThat(seen).hasSize(51).last().isEqualTo("PROGRESS t 50");
  }

  @Test
  void theEventsOfATaskBeingSubmittedWaitForItsCreated() {
    stuckListener();
    unstuck.countDown();
    bus.hold("t");
    publish(event(TaskEventKind.STARTED, "t", 0, 2)); // a worker ran it before the submit returned
    publish(event(TaskEventKind.SUCCEEDED, "t", 0, 3));

    bus.created(event(TaskEventKind.CREATED, "t", 0, 1), Set.of("alice"));
    publish(event(TaskEventKind.DELETED, "t", 0, 4));

    awaitSeen(4);
    assertThat(seen).containsExactly("CREATED t 0", "STARTED t 0", "SUCCEEDED t 0", "DELETED t 0");
  }

  @Test
  void aListenerThatThrowsStillGetsTheNextEvents() {
    bus.subscribe("alice", e -> {
      seen.add(e.kind() + " " + e.taskId());
      if (e.taskId().equals("a")) {
        throw new IllegalStateException("listener bug");
      }
      throw new AssertionError("listener's own assertion");
    });
    publish(event(TaskEventKind.STARTED, "c", 0, 1));

    publish(event(TaskEventKind.STARTED, "a", 0, 1));
    publish(event(TaskEventKind.STARTED, "b", 0, 1));

    awaitSeen(3);
    assertThat(seen).containsExactly("STARTED c", "STARTED a", "STARTED b");
  }

  @Test
  void changesMissedElsewhereReachEverySubscriberWithoutWaitingForAnEvent() {
    List<String> admin = new CopyOnWriteArrayList<>();
    bus.subscribe(null, new TaskListener() {
      @Override
      public void onEvent(TaskEvent e) {
        admin.add(e.kind() + " " + e.taskId());
      }

      @Override
      public void onOverflow(long dropped) {
        admin.add("overflow " + dropped);
      }
    });
    stuckListener();
    unstuck.countDown();

    bus.missedElsewhere();

    awaitSeen(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> !admin.isEmpty());
    assertThat(seen).containsExactly("overflow 0");
    assertThat(admin).containsExactly("overflow 0");
  }

  @Test
  void aMissedSignalComesOnceBeforeTheNextEventsOfAStuckListener() throws Exception {
    stuckOnABlocker();
    publish(event(TaskEventKind.UPDATED, "waiting", 0, 1));
    bus.missedElsewhere();
    bus.missedElsewhere();
    publish(event(TaskEventKind.UPDATED, "after", 0, 1));

    unstuck.countDown();

    awaitSeen(4);
    assertThat(seen)
        .containsExactly("UPDATED blocker 0", "overflow 0", "UPDATED waiting 0", "UPDATED after 0");
  }
}
