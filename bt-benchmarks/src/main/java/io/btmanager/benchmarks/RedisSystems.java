package io.btmanager.benchmarks;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.store.redis.RedisTaskStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The systems of the Redis benchmarks: bt-manager's nodes on Redis, and BullMQ beside them. */
public final class RedisSystems {
  /** Lease (bt-manager) and lock duration (BullMQ): the same 30 s, bt-manager's default. */
  static final Duration LEASE = Duration.ofSeconds(30);

  private RedisSystems() {}

  /** bt-manager on Redis: {@code nodes} managers, each with its own store and connection. */
  @State(Scope.Benchmark)
  public static class BtRedis {
    /** Managers (nodes) on the same namespace; the batch is split between them. */
    @Param({"1", "2"})
    int nodes;

    /** Worker threads per node. */
    @Param("64")
    int redisThreads;

    /** The local executor's claim batch. */
    @Param("64")
    int redisClaimBatch;

    /** Tasks per submitAll call (one script each). */
    @Param("1000")
    int redisSubmitChunk;

    RedisHarness redis;
    final List<RedisTaskStore> stores = new ArrayList<>();
    final List<TaskManager> managers = new ArrayList<>();
    final List<UserTasks> users = new ArrayList<>();
    TaskDefinition<Noop, Void> noop;
    ExecutorService submitters;
    String finished;

    @Setup(Level.Trial)
    public void start(RedisHarness redis, EndToEnd.SqlWork work) {
      this.redis = redis;
      noop = Noop.type((ctx, args) -> {
        work.done.countDown();
        return null;
      });
      String namespace = "bench-" + System.nanoTime();
      for (int i = 1; i <= nodes; i++) {
        RedisTaskStore store = redis.store(namespace);
        TaskManager m = TaskManager.builder()
            .store(store)
            .nodeId("node" + i)
            .pollInterval(EndToEnd.BtSqlSettings.POLL)
            .leaseDuration(LEASE)
            .executor(LocalExecutor.builder()
                .threads(redisThreads)
                .claimBatch(redisClaimBatch)
                .threadNamePrefix("node" + i + "-")
                .build())
            .register(noop)
            .build();
        stores.add(store);
        managers.add(m);
        users.add(m.forUser("alice"));
      }
      finished = io.btmanager.store.redis.internal.RedisKeys.of("bt", namespace)
          .scriptKeys()
          .get(7);
      submitters = Executors.newFixedThreadPool(nodes);
      System.out.println("[bench] bt-manager on Redis: " + nodes + " node(s) x " + redisThreads
          + " threads, claim batch " + redisClaimBatch + ", submitAll chunks of "
          + redisSubmitChunk);
    }

    /** Submits {@code batch}: split between the nodes, each part in chunks, one thread a node. */
    void submit(List<Noop> batch) {
      int per = (batch.size() + nodes - 1) / nodes;
      List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        UserTasks user = users.get(i);
        List<Noop> part =
            batch.subList(Math.min(batch.size(), i * per), Math.min(batch.size(), (i + 1) * per));
        parts.add(submitters.submit(() -> {
          for (int from = 0; from < part.size(); from += redisSubmitChunk) {
            user.submitAll(
                noop, part.subList(from, Math.min(part.size(), from + redisSubmitChunk)), o -> {});
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : parts) {
        try {
          f.get();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }

    /** Finished tasks in the store (no-op tasks all succeed). */
    long finished() {
      return redis.commands().zcard(finished);
    }

    @Setup(Level.Invocation)
    public void before() {
      redis.begin();
    }

    @TearDown(Level.Invocation)
    public void after(EndToEnd.SqlWork work) {
      redis.end(work.sqlBatch, "EndToEnd.redis nodes=" + nodes);
      while (stores.get(0).purgeFinishedBefore(Instant.MAX, 1_000) == 1_000) {
        // at most 1,000 per script, so Redis never stalls on one
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      submitters.shutdownNow();
      managers.forEach(TaskManager::close);
      stores.forEach(RedisTaskStore::close);
    }
  }

  /**
   * BullMQ at its best documented settings on the same server: jobs added with {@code addBulk},
   * one worker with {@code concurrency} tuned (parameter), lock duration as bt-manager's lease.
   * Started as a Node.js process that the harness drives line by line ({@code bullmq/bench.js}).
   * Completed jobs are kept (BullMQ's default), as bt-manager keeps its SUCCEEDED tasks, and
   * cleaned between invocations, outside the timed section.
   */
  @State(Scope.Benchmark)
  public static class BullMq {
    /** The worker's concurrency. */
    @Param("64")
    int bullmqConcurrency;

    /** Worker instances in the Node.js process. */
    @Param("1")
    int bullmqWorkers;

    /** Jobs per addBulk call. */
    @Param("1000")
    int bullmqChunk;

    RedisHarness redis;
    private Process node;
    private Writer in;
    private BufferedReader out;

    @Setup(Level.Trial)
    public void start(RedisHarness redis) throws IOException {
      this.redis = redis;
      node = new ProcessBuilder(
              "node",
              "bench.js",
              redis.uri(),
              Integer.toString(bullmqConcurrency),
              Long.toString(LEASE.toMillis()),
              Integer.toString(bullmqWorkers),
              Integer.toString(bullmqChunk))
          .directory(RedisHarness.bullmqDir().toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
      in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
      out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      if (ready == null || !ready.startsWith("ready")) {
        throw new IllegalStateException("the BullMQ harness did not start: " + ready);
      }
      System.out.println("[bench] " + ready.substring("ready ".length()) + " on the same Redis: "
          + bullmqWorkers + " worker(s) x concurrency " + bullmqConcurrency + ", addBulk of "
          + bullmqChunk + ", lock duration " + LEASE.toMillis() + " ms");
    }

    /** Sends a command and waits for its answer. */
    void call(String command, String answer) {
      try {
        in.write(command + "\n");
        in.flush();
        String line = out.readLine();
        if (!answer.equals(line)) {
          throw new IllegalStateException("BullMQ harness answered " + line + " to " + command);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Setup(Level.Invocation)
    public void before() {
      redis.begin();
    }

    @TearDown(Level.Invocation)
    public void after(EndToEnd.SqlWork work) {
      redis.end(work.sqlBatch, "EndToEnd.bullmq");
      call("clean", "cleaned");
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException, IOException {
      in.write("quit\n");
      in.flush();
      node.waitFor();
    }
  }
}
