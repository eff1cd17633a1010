package io.btmanager.benchmarks;

import io.btmanager.store.redis.RedisTaskStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One Redis server per JMH trial, shared by bt-manager and BullMQ in the same run: Debian's {@code
 * redis-server} (or {@code BT_BENCH_REDIS_SERVER}) started on loopback with AOF and {@code
 * appendfsync} as the parameter says ({@code always} by default: an acknowledged write is on disk,
 * as a PostgreSQL commit is), or the server named by {@code BT_BENCH_REDIS_URI}. Around each timed
 * phase, {@link #begin} and {@link #end} read {@code INFO commandstats} and print what each task
 * cost Redis: commands executed (those inside scripts included) and script calls, the client's
 * round trips.
 */
@State(Scope.Benchmark)
public class RedisHarness {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  /** Redis's {@code appendfsync}: always, everysec or no. */
  @Param("always")
  String appendfsync;

  private Process process;
  private Path dir;
  private String uri;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private Map<String, Long> before = Map.of();
  private double cpuBefore;

  @Setup(Level.Trial)
  public void start() throws IOException, InterruptedException {
    String external = System.getenv("BT_BENCH_REDIS_URI");
    if (external != null && !external.isBlank()) {
      uri = external;
    } else {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      dir = Files.createTempDirectory("bt-bench-redis");
      String binary =
          System.getenv().getOrDefault("BT_BENCH_REDIS_SERVER", "/usr/bin/redis-server");
      process = new ProcessBuilder(List.of(
              binary,
              "--port",
              Integer.toString(port),
              "--bind",
              "127.0.0.1",
              "--dir",
              dir.toString(),
              "--save",
              "",
              "--appendonly",
              "yes",
              "--appendfsync",
              appendfsync,
              "--maxmemory-policy",
              "noeviction",
              "--logfile",
              dir.resolve("redis.log").toString()))
          .start();
      uri = "redis://127.0.0.1:" + port;
    }
    client = RedisClient.create(uri);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (connection == null) {
      try {
        connection = client.connect();
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Redis did not start at " + uri, e);
        }
        Thread.sleep(50); // polling a server that is starting, not synchronising threads
      }
    }
    String version = info("server").getOrDefault("redis_version", "?");
    System.out.println("[redis] Redis " + version + " at " + uri + ", appendonly yes, appendfsync "
        + commands().configGet("appendfsync").get("appendfsync"));
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException, IOException {
    connection.close();
    client.shutdown();
    if (process != null) {
      process.destroy();
      process.waitFor();
      deleteTree(dir); // its append-only files: tens of megabytes a fork
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  String uri() {
    return uri;
  }

  RedisCommands<String, String> commands() {
    return connection.sync();
  }

  /** A store in a fresh namespace of its own. */
  RedisTaskStore newStore(String name) {
    return store(name + "-" + NAMESPACES.incrementAndGet());
  }

  RedisTaskStore store(String namespace) {
    return RedisTaskStore.builder().uri(uri).namespace(namespace).build();
  }

  /** Bytes Redis uses now. */
  long usedMemory() {
    return Long.parseLong(info("memory").get("used_memory"));
  }

  void begin() {
    before = calls();
    cpuBefore = cpuSeconds();
  }

  /** Redis's CPU time so far (user and system), in seconds. */
  private double cpuSeconds() {
    Map<String, String> cpu = info("cpu");
    return Double.parseDouble(cpu.get("used_cpu_user"))
        + Double.parseDouble(cpu.get("used_cpu_sys"));
  }

  /** Prints what each of {@code tasks} cost Redis since {@link #begin}. */
  void end(int tasks, String label) {
    double cpu = cpuSeconds() - cpuBefore;
    Map<String, Long> after = calls();
    long commands = 0;
    long scripts = 0;
    Map<String, Long> delta = new HashMap<>();
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      commands += d;
      delta.put(e.getKey(), d);
      if (e.getKey().equals("evalsha") || e.getKey().equals("eval")) {
        scripts += d;
      }
    }
    StringBuilder top = new StringBuilder();
    delta.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .forEach(e -> top.append(
            String.format(Locale.ROOT, " %s %.2f", e.getKey(), (double) e.getValue() / tasks)));
    System.out.printf(
        Locale.ROOT,
        "[redis-cost] %s: Redis CPU %.1f us/task, %.2f commands/task (inside scripts included),"
            + " %.3f script calls/task; most per task:%s%n",
        label,
        cpu * 1e6 / tasks,
        (double) commands / tasks,
        (double) scripts / tasks,
        top);
  }

  private Map<String, Long> calls() {
    Map<String, Long> calls = new HashMap<>();
    for (Map.Entry<String, String> e : info("commandstats").entrySet()) {
      String v = e.getValue();
      int at = v.indexOf("calls=");
      calls.put(
          e.getKey().substring("cmdstat_".length()),
          Long.parseLong(v.substring(at + 6, v.indexOf(',', at))));
    }
    return calls;
  }

  private Map<String, String> info(String section) {
    Map<String, String> fields = new HashMap<>();
    for (String line : commands().info(section).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  /** The path of the BullMQ harness, installed by run.sh ({@code npm ci}). */
  static Path bullmqDir() {
    Path dir = Path.of(System.getProperty("bt.bullmq.dir", "bt-benchmarks/bullmq"));
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      throw new UncheckedIOException(
          new IOException("BullMQ is not installed in " + dir + ": run npm ci --prefix " + dir));
    }
    return dir;
  }
}
