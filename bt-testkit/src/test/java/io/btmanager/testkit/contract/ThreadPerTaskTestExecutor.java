package io.btmanager.testkit.contract;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.RunnerSettings;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal executor for the manager contract on the in-memory store: one dispatcher thread claims
 * as many tasks as there are free slots and hands them to a fixed pool, woken by {@link
 * #taskSubmitted()} or a freed slot and otherwise polling; one maintenance thread calls heartbeat,
 * sweep and fireDueSchedules at the runner's intervals. Shutdown follows the {@link TaskExecutor}
 * Javadoc.
 */
final class ThreadPerTaskTestExecutor implements TaskExecutor {
  private final int threads;
  private final Semaphore slots;
  private final Object wake = new Object();
  private boolean signalled;
  private volatile boolean stopping;
  private TaskRunner runner;
  private ExecutorService pool;
  private ScheduledExecutorService maintenance;
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
    RunnerSettings s = r.settings();
    pool = Executors.newFixedThreadPool(threads, daemons("contract-worker-" + r.nodeId()));
    maintenance =
        Executors.newSingleThreadScheduledExecutor(daemons("contract-maintenance-" + r.nodeId()));
    every(s.heartbeatInterval(), r::heartbeat);
    every(s.sweepInterval(), r::sweep);
    every(s.scheduleInterval(), r::fireDueSchedules);
    dispatcher = new Thread(() -> dispatch(s.pollInterval()), "contract-dispatcher-" + r.nodeId());
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
  public synchronized void shutdown(Duration grace) {
    if (runner == null || stopping) {
      stopping = true;
      return;
    }
    stopping = true;
    taskSubmitted();
    try {
      dispatcher.join(TimeUnit.SECONDS.toMillis(2));
      pool.shutdown();
      if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        runner.releaseUnfinished();
        pool.shutdownNow();
        pool.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      maintenance.shutdownNow();
    }
  }

  private void every(Duration interval, Runnable call) {
    long ms = Math.max(1, interval.toMillis());
    maintenance.scheduleWithFixedDelay(
        () -> {
          try {
            call.run();
          } catch (RuntimeException e) {
            // a runner never throws; keep the schedule alive regardless
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
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
