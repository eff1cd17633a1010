package io.btmanager.benchmarks;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Heap retained per pending task: a fresh submit-only manager (in-memory store, no executor) takes
 * {@code heapTasks} distinct pending tasks; used heap is read after full collections before and
 * after. The figure is the secondary result {@code bytesPerTask}; the primary score is only the
 * time the submits and the collections took.
 *
 * <p>JMH adds up an {@code EVENTS} counter over the measurement iterations, so each iteration
 * contributes its figure divided by their number: the reported score is the mean, whatever {@code
 * -i} says (the per-iteration raw data in the JSON are those shares).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class HeapPerTask {
  private static final int SUBMIT_BATCH = 10_000;

  /** Pending tasks to hold. */
  @Param("1000000")
  int heapTasks;

  private TaskManager manager;
  private TaskDefinition<Noop, Void> noop;
  private long next;
  private int iterations;

  /** The figure, reported as a secondary result of the benchmark. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Footprint {
    /** Retained heap per pending task, in bytes. */
    public double bytesPerTask;
  }

  @Setup(Level.Trial)
  public void iterations(BenchmarkParams params) {
    iterations = params.getMeasurement().getCount();
  }

  @Setup(Level.Iteration)
  public void start() {
    noop = Noop.neverRun();
    manager = TaskManager.builder().register(noop).build();
  }

  @TearDown(Level.Iteration)
  public void stop() {
    manager.close();
    manager = null;
  }

  @Benchmark
  public void pending1M(Footprint footprint) {
    UserTasks alice = manager.forUser("alice");
    long before = usedAfterGc();
    for (int done = 0; done < heapTasks; done += SUBMIT_BATCH) {
      List<Noop> batch = new ArrayList<>(SUBMIT_BATCH);
      for (int i = 0; i < Math.min(SUBMIT_BATCH, heapTasks - done); i++) {
        batch.add(new Noop(next++));
      }
      alice.submitAll(noop, batch, o -> {});
    }
    long after = usedAfterGc();
    footprint.bytesPerTask = (double) (after - before) / heapTasks / iterations;
  }

  /** Used heap after full collections, once it no longer shrinks. */
  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used - 64 * 1024) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }
}
