package io.btmanager.benchmarks;

import io.btmanager.core.AdminTasks;
import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.store.jdbc.JdbcTaskStore;
import io.btmanager.store.redis.RedisTaskStore;
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
 *
 * <p>{@link #postgres100k} and {@link #postgres100kStore}: the same reads with 100,000 pending tasks
 * in PostgreSQL (the durable embedded server of {@link PostgresHarness}, a fresh database), seeded
 * through {@code submitAll} in batches of 1,000. After seeding, the table is vacuumed and analysed
 * once, as autovacuum would after that many inserts, so the planner has statistics and the
 * visibility map is set; this happens outside the measurement.
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

  /** A submit-only manager on PostgreSQL with {@value #PG_PENDING} pending tasks. */
  @State(Scope.Benchmark)
  public static class OnPostgres {
    static final int PG_PENDING = 100_000;
    private static final int PG_SUBMIT_BATCH = 1_000;

    JdbcTaskStore store;
    TaskManager manager;
    AdminTasks admin;
    String middle;

    @Setup(Level.Trial)
    public void fill(PostgresHarness pg) {
      String db = pg.newDatabase("bt_queue");
      store = JdbcTaskStore.postgres(pg.url(db), "postgres", "postgres");
      TaskDefinition<Noop, Void> noop = Noop.neverRun();
      manager = TaskManager.builder().store(store).register(noop).build();
      admin = manager.admin();
      UserTasks alice = manager.forUser("alice");
      long t0 = System.nanoTime();
      for (int from = 0; from < PG_PENDING; from += PG_SUBMIT_BATCH) {
        List<Noop> batch = new ArrayList<>(PG_SUBMIT_BATCH);
        for (int n = from; n < Math.min(PG_PENDING, from + PG_SUBMIT_BATCH); n++) {
          batch.add(new Noop(n));
        }
        List<Submitted<Void>> submitted = alice.submitAll(noop, batch, o -> {});
        int mid = PG_PENDING / 2 - from;
        if (mid >= 0 && mid < submitted.size()) {
          middle = submitted.get(mid).id();
        }
      }
      long seeded = System.nanoTime() - t0;
      pg.execute(db, "VACUUM ANALYZE bt_task");
      pg.execute(db, "VACUUM ANALYZE bt_task_owner");
      long position = admin.get(middle).queuePosition();
      if (position != PG_PENDING / 2) {
        throw new IllegalStateException(
            "queue position " + position + ", expected " + PG_PENDING / 2);
      }
      System.out.printf(
          java.util.Locale.ROOT,
          "[bench] %,d pending tasks seeded on %s in %.1f s (%.0f submits/s)%n",
          PG_PENDING,
          pg.description(),
          seeded / 1e9,
          PG_PENDING / (seeded / 1e9));
    }

    @TearDown(Level.Trial)
    public void stop() {
      manager.close();
      store.close();
    }
  }

  /**
   * A submit-only manager on Redis with {@value OnPostgres#PG_PENDING} pending tasks; prints Redis's
   * memory per pending task.
   */
  @State(Scope.Benchmark)
  public static class OnRedis {
    RedisTaskStore store;
    TaskManager manager;
    AdminTasks admin;
    String middle;

    @Setup(Level.Trial)
    public void fill(RedisHarness redis) {
      long memoryBefore = redis.usedMemory();
      store = redis.newStore("bt-queue");
      TaskDefinition<Noop, Void> noop = Noop.neverRun();
      manager = TaskManager.builder().store(store).register(noop).build();
      admin = manager.admin();
      UserTasks alice = manager.forUser("alice");
      int pending = OnPostgres.PG_PENDING;
      long heapBefore = HeapPerTask.usedAfterGc();
      long t0 = System.nanoTime();
      for (int from = 0; from < pending; from += OnPostgres.PG_SUBMIT_BATCH) {
        List<Noop> batch = new ArrayList<>(OnPostgres.PG_SUBMIT_BATCH);
        for (int n = from; n < Math.min(pending, from + OnPostgres.PG_SUBMIT_BATCH); n++) {
          batch.add(new Noop(n));
        }
        List<Submitted<Void>> submitted = alice.submitAll(noop, batch, o -> {});
        int mid = pending / 2 - from;
        if (mid >= 0 && mid < submitted.size()) {
          middle = submitted.get(mid).id();
        }
      }
      long seeded = System.nanoTime() - t0;
      long position = admin.get(middle).queuePosition();
      if (position != pending / 2) {
        throw new IllegalStateException("queue position " + position + ", expected " + pending / 2);
      }
      System.out.printf(
          java.util.Locale.ROOT,
          "[bench] %,d pending tasks seeded on Redis in %.1f s (%.0f submits/s);"
              + " Redis memory per pending task %,d bytes; JVM heap per pending task %.1f bytes"
              + " (used heap after full collections, before and after the seeding)%n",
          pending,
          seeded / 1e9,
          pending / (seeded / 1e9),
          (redis.usedMemory() - memoryBefore) / pending,
          (double) (HeapPerTask.usedAfterGc() - heapBefore) / pending);
    }

    @TearDown(Level.Trial)
    public void stop() {
      manager.close();
      store.close();
    }
  }

  /** {@code admin().get(id).queuePosition()} on Redis, 100,000 pending. */
  @Benchmark
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 5, time = 1)
  public long redis100k(OnRedis redis) {
    return redis.admin.get(redis.middle).queuePosition();
  }

  /** {@code store.queuePosition(id)} alone on Redis (one script: a ZRANK), 100,000 pending. */
  @Benchmark
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 5, time = 1)
  public long redis100kStore(OnRedis redis) {
    return redis.store.queuePosition(redis.middle).orElseThrow();
  }

  /** {@code admin().get(id).queuePosition()} on PostgreSQL, 100,000 pending. */
  @Benchmark
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 5, time = 1)
  public long postgres100k(OnPostgres pg) {
    return pg.admin.get(pg.middle).queuePosition();
  }

  /** {@code store.queuePosition(id)} alone on PostgreSQL, 100,000 pending. */
  @Benchmark
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 5, time = 1)
  public long postgres100kStore(OnPostgres pg) {
    return pg.store.queuePosition(pg.middle).orElseThrow();
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
