package io.btmanager.benchmarks;

import io.btmanager.core.AdminTasks;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of no-op tasks from the first submit until every task is recorded as SUCCEEDED in the
 * store (BENCHMARKS.md), in tasks per second: each invocation submits {@value #BATCH} distinct
 * tasks and waits for all of them. Beside it, the ceiling: the same no-op work on a plain {@link
 * ThreadPoolExecutor} with the same number of threads.
 *
 * <p>Completion is detected without polling per task: the handler counts down a latch, and then
 * one admin listing counts the SUCCEEDED tasks in the store until it reaches the batch (the
 * handler returns before the worker records the outcome). Finished tasks are purged between
 * invocations, outside the timed section, so every invocation starts from an empty store.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(EndToEnd.BATCH)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EndToEnd {
  /** Tasks per invocation. */
  static final int BATCH = 10_000;

  /** What every benchmark here shares: the thread count and a fresh batch of arguments. */
  @State(Scope.Benchmark)
  public static class Work {
    /** Worker threads, for the manager's executor and the bare pool alike. */
    @Param("4")
    int threads;

    volatile CountDownLatch done = new CountDownLatch(0);
    List<Noop> batch;
    private long next;

    @Setup(Level.Invocation)
    public void nextBatch() {
      List<Noop> b = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH; i++) {
        b.add(new Noop(next++));
      }
      batch = b;
      done = new CountDownLatch(BATCH);
    }
  }

  /** One manager for the whole trial: in-memory store, local executor. */
  @State(Scope.Benchmark)
  public static class Manager {
    /** The local executor's claim batch (its default is 32). */
    @Param("32")
    int claimBatch;

    InMemoryTaskStore store;
    TaskManager manager;
    UserTasks alice;
    AdminTasks admin;
    TaskDefinition<Noop, Void> noop;
    private final TaskQuery succeeded =
        TaskQuery.all().state(TaskState.SUCCEEDED).page(0, 1);

    @Setup(Level.Trial)
    public void start(Work work) {
      store = InMemoryTaskStore.create();
      noop = Noop.type((ctx, args) -> {
        work.done.countDown();
        return null;
      });
      manager = TaskManager.builder()
          .store(store)
          .executor(LocalExecutor.builder()
              .threads(work.threads)
              .claimBatch(claimBatch)
              .build())
          .register(noop)
          .build();
      alice = manager.forUser("alice");
      admin = manager.admin();
    }

    /** Waits for the handlers, then until the store holds every task of the batch as SUCCEEDED. */
    void awaitSucceeded(Work work) throws InterruptedException {
      Waits.await(work.done, "the no-op handlers");
      Waits.until(() -> admin.list(succeeded).total() >= BATCH, "SUCCEEDED in the store");
    }

    @TearDown(Level.Invocation)
    public void purge() {
      store.purgeFinishedBefore(Instant.MAX);
    }

    @TearDown(Level.Trial)
    public void stop() {
      manager.close();
    }
  }

  /** The ceiling: a plain fixed pool with an unbounded queue. */
  @State(Scope.Benchmark)
  public static class BarePool {
    ThreadPoolExecutor pool;

    @Setup(Level.Trial)
    public void start(Work work) {
      pool = new ThreadPoolExecutor(
          work.threads, work.threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
      pool.prestartAllCoreThreads();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The batch in one {@code submitAll} call (one store batch). */
  @Benchmark
  public void inMemory(Work work, Manager m) throws InterruptedException {
    m.alice.submitAll(m.noop, work.batch, o -> {});
    m.awaitSucceeded(work);
  }

  /** The batch as one {@code submit} call per task, from one thread. */
  @Benchmark
  public void inMemorySubmitLoop(Work work, Manager m) throws InterruptedException {
    for (Noop args : work.batch) {
      m.alice.submit(m.noop, args);
    }
    m.awaitSucceeded(work);
  }

  /** The same no-op work (count down, nothing else) on a bare {@link ThreadPoolExecutor}. */
  @Benchmark
  public void bareThreadPool(Work work, BarePool p) throws InterruptedException {
    CountDownLatch done = work.done;
    for (int i = 0; i < BATCH; i++) {
      Noop args = work.batch.get(i);
      p.pool.execute(() -> {
        if (args != null) {
          done.countDown();
        }
      });
    }
    Waits.await(done, "the no-op runnables");
  }
}
