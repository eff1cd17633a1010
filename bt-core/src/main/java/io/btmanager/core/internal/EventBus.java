package io.btmanager.core.internal;

import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.event.TaskListener;
import io.btmanager.core.exception.InvalidInputException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * Delivers task events to the subscribers of their owners. Each subscriber has its own bounded
 * buffer, drained in order on a shared delivery pool, so a slow listener delays only itself and
 * never a worker, and a stuck one holds at most {@link TaskListener#BUFFER} events (progress
 * merged per task once half of that waits, overflow counted and signalled). A task being submitted is held ({@link #hold}):
 * events other threads publish for it meanwhile (a worker's STARTED) wait until its CREATED is
 * delivered first. Publishing costs nothing while nobody subscribes.
 */
public final class EventBus implements AutoCloseable {
  /** From this many events waiting, a task's PROGRESS replaces its PROGRESS still waiting. */
  static final int MERGE_FROM = TaskListener.BUFFER / 2;

  private final ConcurrentHashMap<String, List<Sub>> byUser = new ConcurrentHashMap<>();
  private final List<Sub> everything = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService delivery;
  /** Tasks being submitted, by id: their other events wait for their CREATED. */
  private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

  EventBus(String nodeId) {
    AtomicInteger n = new AtomicInteger();
    this.delivery = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "bt-events-" + nodeId + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** True when anyone listens: callers skip building events otherwise. */
  public boolean active() {
    return count.get() > 0;
  }

  /** Subscribes to the events of tasks {@code user} owns; {@code user == null} for every task. */
  public Subscription subscribe(String user, TaskListener listener) {
    if (listener == null) {
      throw new InvalidInputException("listener", "is null", "a TaskListener");
    }
    Sub sub = new Sub(user, listener);
    if (user == null) {
      everything.add(sub);
    } else {
      byUser.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>()).add(sub);
    }
    count.incrementAndGet();
    return sub;
  }

  /**
   * Holds the events of a task about to be submitted until {@link #created} or {@link #unhold};
   * does nothing while nobody subscribes.
   */
  void hold(String taskId) {
    if (active()) {
      held.put(taskId, new Held());
    }
  }

  /** Delivers a held task's CREATED, then what was published for it meanwhile; ends the hold. */
  void created(TaskEvent created, Collection<String> recipients) {
    Held h = held.get(created.taskId());
    if (h == null) {
      publish(created, recipients);
      return;
    }
    h.open(this, created, recipients);
    held.remove(created.taskId(), h); // only once open: a publish in between must still wait
  }

  /** Ends a hold without a CREATED (the submit joined another task, or failed). */
  void unhold(String taskId) {
    Held h = held.get(taskId);
    if (h != null) {
      h.open(this, null, null);
      held.remove(taskId, h);
    }
  }

  /** Delivers {@code event} to the subscribers of {@code recipients} and to admin subscribers. */
  public void publish(TaskEvent event, Collection<String> recipients) {
    if (!active()) {
      return;
    }
    Held h = held.isEmpty() ? null : held.get(event.taskId());
    if (h != null && h.keep(event, recipients)) {
      return;
    }
    deliver(event, recipients);
  }

  private void deliver(TaskEvent event, Collection<String> recipients) {
    for (String user : recipients) {
      List<Sub> subs = byUser.get(user);
      if (subs != null) {
        for (Sub s : subs) {
          s.offer(event);
        }
      }
    }
    for (Sub s : everything) {
      s.offer(event);
    }
  }

  /**
   * Tells every subscriber that changes made on other nodes were missed: each listener's {@link
   * TaskListener#onOverflow} is called with 0 on its delivery thread, before its next event.
   */
  public void missedElsewhere() {
    byUser.values().forEach(subs -> subs.forEach(Sub::missed));
    everything.forEach(Sub::missed);
  }

  @Override
  public void close() {
    delivery.shutdown();
    try {
      delivery.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    delivery.shutdownNow();
  }

  /** The events published for a task while its submit is in flight. */
  private static final class Held {
    private final List<Map.Entry<TaskEvent, Collection<String>>> events = new ArrayList<>();
    private boolean open; // guarded by this

    /** Keeps the event for later; false when the hold has ended (deliver it now). */
    synchronized boolean keep(TaskEvent event, Collection<String> recipients) {
      if (open) {
        return false;
      }
      events.add(Map.entry(event, recipients));
      return true;
    }

    synchronized void open(EventBus bus, TaskEvent first, Collection<String> recipients) {
      if (first != null) {
        bus.deliver(first, recipients);
      }
      for (Map.Entry<TaskEvent, Collection<String>> e : events) {
        bus.deliver(e.getKey(), e.getValue());
      }
      events.clear();
      open = true;
    }
  }

  private final class Sub implements Subscription, Runnable {
    private final String user;
    private final TaskListener listener;
    private final ArrayDeque<Slot> queue = new ArrayDeque<>(); // guarded by this
    /** The PROGRESS event of each task still in the queue: a newer one replaces it. */
    private final Map<String, Slot> progress = new HashMap<>(); // guarded by this

    private long dropped; // guarded by this
    private boolean missed; // guarded by this: changes made elsewhere were missed
    private boolean scheduled; // guarded by this
    private volatile boolean closed;

    Sub(String user, TaskListener listener) {
      this.user = user;
      this.listener = listener;
    }

    void offer(TaskEvent e) {
      if (closed) {
        return;
      }
      synchronized (this) {
        if (e.kind() == TaskEventKind.PROGRESS && queue.size() >= MERGE_FROM) {
          Slot waiting = progress.get(e.taskId());
          if (waiting != null) {
            waiting.event = e;
            return;
          }
        }
        if (queue.size() >= TaskListener.BUFFER) {
          dropped++;
          return;
        }
        Slot s = new Slot(e);
        queue.add(s);
        if (e.kind() == TaskEventKind.PROGRESS) {
          progress.put(e.taskId(), s);
        } else {
          progress.remove(e.taskId()); // a later PROGRESS must not jump ahead of this event
        }
        if (scheduled) {
          return;
        }
        scheduled = true;
      }
      schedule();
    }

    void missed() {
      if (closed) {
        return;
      }
      synchronized (this) {
        missed = true;
        if (scheduled) {
          return;
        }
        scheduled = true;
      }
      schedule();
    }

    private void schedule() {
      try {
        delivery.execute(this);
      } catch (RuntimeException rejected) { // the bus is closing
        synchronized (this) {
          scheduled = false;
        }
      }
    }

    @Override
    public void run() {
      while (!closed) {
        TaskEvent e;
        long lost;
        boolean gap;
        synchronized (this) {
          Slot s = queue.poll();
          gap = missed;
          missed = false;
          if (s == null && !gap) {
            scheduled = false;
            return;
          }
          e = s == null ? null : s.event;
          if (e != null && e.kind() == TaskEventKind.PROGRESS) {
            progress.remove(e.taskId(), s);
          }
          lost = dropped;
          dropped = 0;
        }
        if (lost > 0 || gap) {
          call(() -> listener.onOverflow(lost), "onOverflow", e);
        }
        if (e != null) {
          call(() -> listener.onEvent(e), "onEvent", e);
        }
      }
    }

    /** Runs a listener call; what it throws is logged under the listener's class, not the bus's. */
    private void call(Runnable call, String what, TaskEvent e) {
      try {
        call.run();
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (RuntimeException | Error ex) { // an AssertionError in a listener is its own bug
        LoggerFactory.getLogger(listener.getClass())
            .warn(
                "task listener {} failed in {} ({} of task {})",
                listener,
                what,
                e == null ? "no event" : e.kind(),
                e == null ? "-" : e.taskId(),
                ex);
      }
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      boolean removed = user == null
          ? everything.remove(this)
          : byUser.getOrDefault(user, List.of()).remove(this);
      if (removed) {
        count.decrementAndGet();
      }
      synchronized (this) {
        queue.clear();
        progress.clear();
      }
    }
  }

  private static final class Slot {
    TaskEvent event;

    Slot(TaskEvent event) {
      this.event = event;
    }
  }
}
