package io.btmanager.core.internal;

import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskListener;
import io.btmanager.core.exception.InvalidInputException;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers task events to the subscribers of their owners. Each subscriber has its own queue,
 * drained in order on a shared delivery pool, so a slow listener delays only itself and never a
 * worker. Publishing costs nothing while nobody subscribes.
 */
public final class EventBus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  private final ConcurrentHashMap<String, List<Sub>> byUser = new ConcurrentHashMap<>();
  private final List<Sub> everything = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService delivery;

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

  /** Delivers {@code event} to the subscribers of {@code recipients} and to admin subscribers. */
  public void publish(TaskEvent event, Collection<String> recipients) {
    if (!active()) {
      return;
    }
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

  private final class Sub implements Subscription, Runnable {
    private final String user;
    private final TaskListener listener;
    private final Queue<TaskEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;

    Sub(String user, TaskListener listener) {
      this.user = user;
      this.listener = listener;
    }

    void offer(TaskEvent e) {
      if (closed) {
        return;
      }
      queue.add(e);
      if (scheduled.compareAndSet(false, true)) {
        try {
          delivery.execute(this);
        } catch (RuntimeException rejected) {
          scheduled.set(false);
        }
      }
    }

    @Override
    public void run() {
      do {
        TaskEvent e;
        while (!closed && (e = queue.poll()) != null) {
          try {
            listener.onEvent(e);
          } catch (RuntimeException ex) {
            LOG.warn("task listener failed on {} of task {}", e.kind(), e.taskId(), ex);
          }
        }
        scheduled.set(false);
      } while (!closed && !queue.isEmpty() && scheduled.compareAndSet(false, true));
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
      queue.clear();
    }
  }
}
