package io.btmanager.web.internal;

import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.event.TaskListener;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One user's push: a single subscription to the user's task events ({@code forUser(user)
 * .subscribe}), shared by all the user's streams; a bounded buffer of recent messages for clients
 * that reconnect; and progress coalesced to one message per task per interval (the latest wins,
 * and any other event of the task supersedes it). When the core says events were lost (the
 * subscription fell behind, or the node missed changes made on other nodes), every stream gets a
 * reset and the buffer is emptied, so no client goes on showing what it missed.
 */
final class UserChannel implements TaskListener {
  private record Buffered(long seq, PushMessage message) {}

  private final String user;
  private final boolean admin;
  private final String epoch;
  private final AtomicLong ids;
  private final int bufferSize;
  private final long progressNanos;
  private final ScheduledExecutorService timer;
  private final ArrayDeque<Buffered> buffer = new ArrayDeque<>();
  private final Set<Outbox> streams = new LinkedHashSet<>();
  private final Map<String, TaskEvent> pendingProgress = new HashMap<>();
  private final Map<String, Long> lastProgress = new HashMap<>();
  private long evictedSeq;
  private int reserved;
  private long idleSince;
  private Subscription subscription;
  private boolean closed;

  UserChannel(
      String user,
      boolean admin,
      String epoch,
      AtomicLong ids,
      int bufferSize,
      long progressNanos,
      ScheduledExecutorService timer) {
    this.user = user;
    this.admin = admin;
    this.epoch = epoch;
    this.ids = ids;
    this.bufferSize = bufferSize;
    this.progressNanos = progressNanos;
    this.timer = timer;
    this.evictedSeq = ids.get();
    this.idleSince = System.nanoTime();
  }

  void listen(Subscription s) {
    this.subscription = s;
  }

  /**
   * @throws ApiProblem 429 too-many-streams when the user holds {@code max} streams already
   */
  synchronized void reserve(int max) {
    if (reserved >= max) {
      throw new ApiProblem(
          429,
          "too-many-streams",
          "you have " + reserved + " live streams open, the most allowed; close one (another tab)",
          null,
          null,
          10);
    }
    reserved++;
  }

  synchronized void release(Outbox o) {
    if (o == null || streams.remove(o)) {
      reserved--;
      if (reserved == 0) {
        idleSince = System.nanoTime();
      }
    }
  }

  /**
   * Starts a reserved stream: hello, then what it missed since {@code lastEventId} when the buffer
   * still holds all of it, else a reset; then live messages. Under the channel's lock, so no event
   * falls between the replay and the live ones.
   */
  void attach(Outbox o, String lastEventId) {
    synchronized (this) {
      if (!closed) {
        start(o, lastEventId);
        return;
      }
    }
    o.close(); // the face closed while the stream was opening
  }

  private void start(Outbox o, String lastEventId) {
    List<PushMessage> missed = lastEventId == null ? List.of() : missedSince(lastEventId);
    o.offer(PushMessage.hello(user, missed != null && lastEventId != null));
    if (missed == null) {
      o.offer(PushMessage.reset(
          "the events since " + lastEventId + " are no longer kept; fetch" + " again"));
    } else {
      missed.forEach(o::offer);
    }
    streams.add(o);
  }

  private List<PushMessage> missedSince(String lastEventId) {
    int dash = lastEventId.lastIndexOf('-');
    if (dash < 0 || !lastEventId.substring(0, dash).equals(epoch)) {
      return null;
    }
    long last;
    try {
      last = Long.parseLong(lastEventId.substring(dash + 1));
    } catch (NumberFormatException e) {
      return null;
    }
    if (last < evictedSeq || last > ids.get()) {
      return null;
    }
    return buffer.stream().filter(b -> b.seq() > last).map(Buffered::message).toList();
  }

  /** A task event from the core (its delivery thread for this subscription). */
  @Override
  public synchronized void onEvent(TaskEvent e) {
    String id = e.taskId();
    if (e.kind() == TaskEventKind.PROGRESS) {
      long now = System.nanoTime();
      Long last = lastProgress.get(id);
      if (last == null || now - last >= progressNanos) {
        lastProgress.put(id, now);
        emit(e);
      } else if (pendingProgress.put(id, e) == null) {
        timer.schedule(() -> flush(id), progressNanos - (now - last), TimeUnit.NANOSECONDS);
      }
      return;
    }
    pendingProgress.remove(id);
    if (e.task().state().isFinished() || e.kind() == TaskEventKind.DELETED) {
      lastProgress.remove(id);
    }
    emit(e);
  }

  /** Events were lost before they reached this channel: every client refetches. */
  @Override
  public synchronized void onOverflow(long dropped) {
    pendingProgress.clear();
    buffer.clear();
    evictedSeq = ids.incrementAndGet(); // a client whose last event came before the loss: reset
    PushMessage reset = PushMessage.reset("some changes to your tasks were missed; fetch again");
    for (Outbox o : streams) {
      o.offer(reset);
    }
  }

  private synchronized void flush(String taskId) {
    TaskEvent e = pendingProgress.remove(taskId);
    if (e != null) {
      lastProgress.put(taskId, System.nanoTime());
      emit(e);
    }
  }

  private void emit(TaskEvent e) {
    long seq = ids.incrementAndGet();
    PushMessage m = PushMessage.task(epoch + "-" + seq, e, user, admin);
    buffer.addLast(new Buffered(seq, m));
    while (buffer.size() > bufferSize) {
      evictedSeq = buffer.removeFirst().seq();
    }
    for (Outbox o : streams) {
      o.offer(m);
    }
  }

  synchronized void broadcast(PushMessage m) {
    for (Outbox o : streams) {
      o.offer(m);
    }
  }

  /** True when no stream has been open for {@code nanos}: the channel may be dropped. */
  synchronized boolean idleLongerThan(long nanos) {
    return reserved == 0 && System.nanoTime() - idleSince > nanos;
  }

  /** Ends the subscription and every stream. */
  void close() {
    List<Outbox> open;
    synchronized (this) {
      closed = true;
      open = List.copyOf(streams);
    }
    open.forEach(Outbox::close);
    if (subscription != null) {
      subscription.close();
    }
  }
}
