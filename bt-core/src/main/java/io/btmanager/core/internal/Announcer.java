package io.btmanager.core.internal;

import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.spi.TaskChange;
import io.btmanager.core.spi.TaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells other nodes about this node's task changes through the store, gathered for a few
 * milliseconds so that many changes share one store call. Best effort: when the queue overflows
 * or the store is down, notes are dropped (listeners elsewhere refresh instead); nothing here ever
 * blocks a worker or a submit.
 */
final class Announcer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);
  private static final long FLUSH_MILLIS = 100;
  private static final int MAX_QUEUED = 100_000;
  private static final int MAX_BATCH = 1_000;

  private final TaskStore store;
  private final String node;
  private final ConcurrentLinkedQueue<TaskChange> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final ScheduledFuture<?> flusher;

  Announcer(TaskStore store, String node, ScheduledExecutorService timer) {
    this.store = store;
    this.node = node;
    this.flusher = timer.scheduleWithFixedDelay(
        this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  void add(String taskId, TaskEventKind kind, String user) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      return;
    }
    queue.add(new TaskChange(node, taskId, kind, user));
  }

  void flush() {
    while (!queue.isEmpty()) {
      List<TaskChange> batch = new ArrayList<>();
      TaskChange c;
      while (batch.size() < MAX_BATCH && (c = queue.poll()) != null) {
        batch.add(c);
      }
      queued.addAndGet(-batch.size());
      try {
        store.announce(batch);
      } catch (StoreUnavailableException e) {
        LOG.warn(
            "could not announce {} task change(s) to other nodes (their listeners miss them): {}",
            batch.size(),
            e.getMessage());
        return;
      } catch (RuntimeException e) {
        LOG.warn("announcing task changes failed", e);
        return;
      }
    }
  }

  @Override
  public void close() {
    flusher.cancel(false);
    flush();
  }
}
