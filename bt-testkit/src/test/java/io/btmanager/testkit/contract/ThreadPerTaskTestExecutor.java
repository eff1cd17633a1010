package io.btmanager.testkit.contract;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal executor for the manager contract on the in-memory store: one dispatcher thread claims
 * as many tasks as there are free slots and hands them to a fixed pool, woken by {@link
 * #taskSubmitted()} or a freed slot and otherwise polling. The core does the rest (heartbeat,
 * sweep, schedules, drain and release at shutdown): this is all an executor has to do.
 */
final class ThreadPerTaskTestExecutor implements TaskExecutor {
  private final int threads;
  private final Semaphore slots;
  private final Object wake = new Object();
  private boolean signalled;
  private volatile boolean stopping;
  private TaskRunner runner;
  private ExecutorService pool;
  private Thread dispatcher;

  ThreadPerTaskTestExecutor(int threads) {
    this.threads = threads;
    this.slots = new Semaphore(threads);
  }

  @Override
  public synchronized void start(TaskRunner r) {
    if (runner != null) {
      throw new IllegalStateException("already started");
    }
    runner = r;
    pool = Executors.newFixedThreadPool(threads, daemons("contract-worker-" + r.nodeId()));
    dispatcher = new Thread(() -> dispatch(r.pollInterval()), "contract-dispatcher-" + r.nodeId());
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  private void dispatch(Duration poll) {
    while (!stopping) {
      synchronized (wake) {
        signalled = false;
      }
      int free = slots.drainPermits();
      List<ClaimedTask> claimed = free == 0 ? List.of() : runner.claim(free);
      slots.release(free - claimed.size());
      for (ClaimedTask task : claimed) {
        pool.execute(() -> {
          try {
            runner.run(task);
          } finally {
            slots.release();
            taskSubmitted();
          }
        });
      }
      if (free > 0 && claimed.size() == free) {
        continue;
      }
      synchronized (wake) {
        if (!signalled && !stopping) {
          try {
            wake.wait(Math.max(1, poll.toMillis()));
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  @Override
  public void taskSubmitted() {
    synchronized (wake) {
      signalled = true;
      wake.notifyAll();
    }
  }

  @Override
  public int concurrency() {
    return threads;
  }

  @Override
  public synchronized void shutdown(Duration timeout) {
    stopping = true;
    if (runner == null) {
      return;
    }
    taskSubmitted();
    try {
      dispatcher.join(timeout.toMillis());
      pool.shutdownNow();
      pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
