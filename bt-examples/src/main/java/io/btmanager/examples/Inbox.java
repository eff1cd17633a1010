package io.btmanager.examples;

import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.event.TaskListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Keeps every event it receives, so the story can wait for one (pushed, not polled) and read back
 * what happened in between. Every wait is bounded.
 */
final class Inbox implements TaskListener {
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(15);
  private final List<TaskEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(TaskEvent event) {
    events.add(event);
    notifyAll();
  }

  /** How many events have arrived: a mark to wait or read from. */
  synchronized int mark() {
    return events.size();
  }

  /** Waits for an event of {@code kind} about {@code taskId}, at or after {@code from}. */
  int await(int from, TaskEventKind kind, String taskId) throws InterruptedException {
    return await(from, e -> e.kind() == kind && e.taskId().equals(taskId), kind + " of " + taskId);
  }

  /** Waits for an event matching {@code p} at or after {@code from}; returns its index. */
  synchronized int await(int from, Predicate<TaskEvent> p, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    for (int seen = from; ; ) {
      for (; seen < events.size(); seen++) {
        if (p.test(events.get(seen))) {
          return seen;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("no " + what + " within 15 s; events: " + events);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** The events from {@code from} to {@code to}, both included, in arrival order. */
  synchronized List<TaskEvent> between(int from, int to) {
    return List.copyOf(events.subList(from, to + 1));
  }
}
