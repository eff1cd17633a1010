package io.btmanager.benchmarks;

import io.btmanager.core.AdminTasks;
import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * The queue position (rule 6) of the task in the middle of a queue of {@code pending} pending tasks
 * (submit-only manager, in-memory store): through the API ({@code admin().get(id)}, which also
 * derives the ETA and builds the view) and from the store alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class QueuePosition {
  private static final int SUBMIT_BATCH = 10_000;

  /** Pending tasks in the queue. */
  @Param("100000")
  int pending;

  private InMemoryTaskStore store;
  private TaskManager manager;
  private AdminTasks admin;
  private String middle;

  @Setup(Level.Trial)
  public void fill() {
    store = InMemoryTaskStore.create();
    TaskDefinition<Noop, Void> noop = Noop.neverRun();
    manager = TaskManager.builder().store(store).register(noop).build();
    admin = manager.admin();
    UserTasks alice = manager.forUser("alice");
    for (int from = 0; from < pending; from += SUBMIT_BATCH) {
      List<Noop> batch = new ArrayList<>(SUBMIT_BATCH);
      for (int n = from; n < Math.min(pending, from + SUBMIT_BATCH); n++) {
        batch.add(new Noop(n));
      }
      List<Submitted<Void>> submitted = alice.submitAll(noop, batch, o -> {});
      int mid = pending / 2 - from;
      if (mid >= 0 && mid < submitted.size()) {
        middle = submitted.get(mid).id();
      }
    }
    long position = admin.get(middle).queuePosition();
    if (position != pending / 2) {
      throw new IllegalStateException("queue position " + position + ", expected " + pending / 2);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    manager.close();
  }

  /** {@code admin().get(id).queuePosition()}: the whole read path of a refresh. */
  @Benchmark
  public long pending100k() {
    return admin.get(middle).queuePosition();
  }

  /** {@code store.queuePosition(id)} alone. */
  @Benchmark
  public long pending100kStore() {
    return store.queuePosition(middle).orElseThrow();
  }
}
