package io.btmanager.store.redis;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Redis server for the tests, on loopback: the one named by {@code BT_TEST_REDIS_URI}, or a
 * {@code redis-server} this fixture starts (the binary named by {@code BT_TEST_REDIS_SERVER}, else
 * {@code /usr/bin/redis-server}, else the one on the PATH) with AOF and {@code appendfsync always},
 * so a restart loses nothing acknowledged. Each store gets a namespace of its own, so tests never
 * see each other's keys. A test that cannot get its server fails: nothing is skipped.
 */
final class RedisServer {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static RedisServer shared;

  private final int port;
  private final Path dir;
  private final String externalUri;
  private Process process;

  private RedisServer(int port, Path dir, String externalUri) {
    this.port = port;
    this.dir = dir;
    this.externalUri = externalUri;
  }

  /** The server shared by this JVM's tests, started on first use. */
  static synchronized RedisServer get() {
    if (shared == null) {
      String external = System.getenv("BT_TEST_REDIS_URI");
      shared =
          external != null && !external.isBlank() ? new RedisServer(0, null, external) : start();
    }
    return shared;
  }

  /** A server of the caller's own (restarted or killed by the test), started now. */
  static RedisServer start() {
    try {
      RedisServer server =
          new RedisServer(freePort(), Files.createTempDirectory("bt-redis-"), null);
      server.launch();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a Redis server", e);
    }
  }

  String uri() {
    return externalUri != null ? externalUri : "redis://127.0.0.1:" + port;
  }

  /** A fresh namespace name, unique in this JVM and across JVMs on the same server. */
  static String newNamespace() {
    return "t" + ProcessHandle.current().pid() + "-" + NAMESPACES.incrementAndGet();
  }

  /** A store on this server in a fresh namespace. */
  RedisTaskStore newStore() {
    return store(newNamespace());
  }

  RedisTaskStore store(String namespace) {
    return RedisTaskStore.builder().uri(uri()).namespace(namespace).build();
  }

  /**
   * Kills the server (SIGKILL: no shutdown save) and starts it again on the same port and data; a
   * server named by {@code BT_TEST_REDIS_URI} is not ours to kill and stays as it is.
   */
  void restart() {
    if (externalUri == null) {
      kill();
      launch();
    }
  }

  /** Kills the server (SIGKILL); {@link #launch()} starts it again. */
  void kill() {
    requireOwn();
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  /** Starts the server process and waits until it answers PING. */
  void launch() {
    requireOwn();
    List<String> command = List.of(
        binary(),
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
        "always",
        "--maxmemory-policy",
        "noeviction",
        "--daemonize",
        "no",
        "--logfile",
        dir.resolve("redis.log").toString());
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start " + command.get(0)
              + " (install Debian's redis-server, or set BT_TEST_REDIS_SERVER or BT_TEST_REDIS_URI)",
          e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "redis-server did not start on port " + port + ", see " + dir.resolve("redis.log"));
      }
      Thread.onSpinWait();
    }
  }

  private boolean answers() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] reply = new byte[7];
      int n = s.getInputStream().read(reply);
      return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private void requireOwn() {
    if (externalUri != null) {
      throw new IllegalStateException(
          "this test restarts its server: it needs a redis-server binary");
    }
  }

  private static String binary() {
    String named = System.getenv("BT_TEST_REDIS_SERVER");
    if (named != null && !named.isBlank()) {
      return named;
    }
    return Files.isExecutable(Path.of("/usr/bin/redis-server"))
        ? "/usr/bin/redis-server"
        : "redis-server";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
