package io.btmanager.benchmarks;

import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.store.jdbc.JdbcTaskStore;
import io.btmanager.store.redis.RedisTaskStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of one submit on a submit-only manager (in-memory store, no executor), sampled: JMH
 * reports the percentiles (p50, p99, p99.9) in microseconds.
 *
 * <p>A fresh manager per iteration keeps the store from growing across iterations; within one, the
 * tasks that {@link #latency} creates stay pending (nothing runs them).
 *
 * <p>{@link #latencyPostgres}: the same single submit of a new, distinct task on a submit-only
 * manager whose store is PostgreSQL (the durable embedded server of {@link PostgresHarness}, a
 * fresh database); each submit returns once its task is committed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class Submit {
  /** The arguments of the task that {@link #dedupJoin} joins. */
  private static final Noop SHARED = new Noop(-1);

  private TaskManager manager;
  private TaskDefinition<Noop, Void> noop;
  private UserTasks alice;
  private UserTasks bob;
  private long next;

  @Setup(Level.Iteration)
  public void start() {
    noop = Noop.neverRun();
    manager = TaskManager.builder().register(noop).build();
    alice = manager.forUser("alice");
    bob = manager.forUser("bob");
    alice.submit(noop, SHARED);
    if (!bob.submit(noop, SHARED).joined()) {
      throw new IllegalStateException("the second submit of identical arguments did not join");
    }
  }

  @TearDown(Level.Iteration)
  public void stop() {
    manager.close();
  }

  /** A submit-only manager on PostgreSQL, for the whole trial. */
  @State(Scope.Benchmark)
  public static class OnPostgres {
    JdbcTaskStore store;
    TaskManager manager;
    TaskDefinition<Noop, Void> noop;
    UserTasks alice;
    long next;

    @Setup(Level.Trial)
    public void start(PostgresHarness pg) {
      String db = pg.newDatabase("bt_submit");
      store = JdbcTaskStore.postgres(pg.url(db), "postgres", "postgres");
      noop = Noop.neverRun();
      manager = TaskManager.builder().store(store).register(noop).build();
      alice = manager.forUser("alice");
      System.out.println("[bench] submit-only bt-manager on " + pg.description());
    }

    @TearDown(Level.Trial)
    public void stop() {
      manager.close();
      store.close();
    }
  }

  /** A submit-only manager on Redis, for the whole trial. */
  @State(Scope.Benchmark)
  public static class OnRedis {
    RedisTaskStore store;
    TaskManager manager;
    TaskDefinition<Noop, Void> noop;
    UserTasks alice;
    long next;

    @Setup(Level.Trial)
    public void start(RedisHarness redis) {
      store = redis.newStore("bt-submit");
      noop = Noop.neverRun();
      manager = TaskManager.builder().store(store).register(noop).build();
      alice = manager.forUser("alice");
    }

    @TearDown(Level.Trial)
    public void stop() {
      manager.close();
      store.close();
    }
  }

  /** A new task on Redis: distinct arguments, one script, acknowledged (AOF) on return. */
  @Benchmark
  public Submitted<Void> latencyRedis(OnRedis redis) {
    return redis.alice.submit(redis.noop, new Noop(redis.next++));
  }

  /**
   * The floor under {@link #latencyRedis}: one plain {@code SET} of a new key on the same server,
   * acknowledged under the same {@code appendfsync}. With {@code always} Redis answers a write only
   * after its fsync, so this is the disk's fsync latency plus one round trip: no store on that
   * server can acknowledge a submit sooner.
   */
  @Benchmark
  public String latencyRedisSetFloor(RedisHarness redis, OnRedis onRedis) {
    return redis.commands().set("bt-bench-floor:" + onRedis.next++, "x");
  }

  /** A new task on PostgreSQL: distinct arguments, one transaction, durable on return. */
  @Benchmark
  public Submitted<Void> latencyPostgres(OnPostgres pg) {
    return pg.alice.submit(pg.noop, new Noop(pg.next++));
  }

  /** A new task: distinct arguments, so nothing is joined. */
  @Benchmark
  public Submitted<Void> latency() {
    return alice.submit(noop, new Noop(next++));
  }

  /**
   * The same arguments as a task that is still pending: the submit joins it. The caller, bob, is
   * already one of its owners (he joined once in setup), so this is the steady state of repeated
   * joins and the owner set does not grow.
   */
  @Benchmark
  public Submitted<Void> dedupJoin() {
    return bob.submit(noop, SHARED);
  }
}
