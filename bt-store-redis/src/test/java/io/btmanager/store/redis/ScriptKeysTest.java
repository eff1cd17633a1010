package io.btmanager.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.contract.TaskStoreContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract on a Redis server of its own that is watched with {@code MONITOR}; once
 * it has run, every command every script ran is checked: each key it touched (as {@code COMMAND
 * GETKEYS} names them) belongs to the namespace of the {@code EVALSHA} that ran it, and hashes to
 * that namespace's Redis Cluster slot, by Lettuce's CRC16 and by {@code CLUSTER KEYSLOT} on a
 * cluster-enabled {@code redis-server}. So a Redis Cluster runs every script in one slot.
 */
class ScriptKeysTest extends TaskStoreContract {
  private static RedisServer server;
  private static final ConcurrentLinkedQueue<String> monitored = new ConcurrentLinkedQueue<>();
  private static Socket monitor;
  private String namespace;

  @BeforeAll
  static void watch() {
    server = RedisServer.start();
    monitor();
  }

  @Override
  protected TaskStore createStore() {
    namespace = RedisServer.newNamespace();
    return server.store(namespace);
  }

  @Override
  protected TaskStore reopen(TaskStore closed) {
    server.restart();
    monitor();
    return server.store(namespace);
  }

  /** Starts reading the server's MONITOR stream into {@link #monitored}, on a thread of its own. */
  private static synchronized void monitor() {
    try {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), port(server.uri()));
      OutputStream out = s.getOutputStream();
      out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      if (!"+OK".equals(in.readLine())) {
        throw new IllegalStateException("MONITOR refused");
      }
      Thread t = new Thread(
          () -> {
            try {
              for (String line; (line = in.readLine()) != null; ) {
                monitored.add(line);
              }
            } catch (IOException e) {
              // the server restarted (durability area) or the test is over
            }
          },
          "monitor");
      t.setDaemon(true);
      t.start();
      monitor = s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void everyScriptTouchedOnlyItsNamespaceInOneSlot() throws Exception {
    monitor.close();
    int clusterPort = freePort();
    Process cluster = startClusterEnabledServer(clusterPort);
    RedisClient client = RedisClient.create(server.uri());
    RedisClient clusterClient = RedisClient.create("redis://127.0.0.1:" + clusterPort);
    try (StatefulRedisConnection<String, String> c = client.connect();
        StatefulRedisConnection<String, String> cc = clusterClient.connect()) {
      String base = null;
      int scripts = 0;
      int commands = 0;
      Map<String, Integer> slots = new HashMap<>();
      Set<String> commandNames = new HashSet<>();
      for (String line : monitored) {
        List<String> args = tokens(line);
        if (args.isEmpty()) {
          continue;
        }
        boolean inScript = line.contains(" lua] ");
        if (!inScript) {
          if (args.get(0).equalsIgnoreCase("EVALSHA") || args.get(0).equalsIgnoreCase("EVAL")) {
            String first = args.get(3); // EVALSHA sha numkeys key1 ...: key1 is the seq counter
            assertThat(first).endsWith("}:seq");
            base = first.substring(0, first.length() - "seq".length());
            scripts++;
          } else {
            base = null;
          }
          continue;
        }
        assertThat(base).as("a script command after its EVALSHA: " + line).isNotNull();
        commands++;
        commandNames.add(args.get(0).toUpperCase(java.util.Locale.ROOT));
        for (String key : keys(c, args)) {
          assertThat(key).as(line).startsWith(base);
          int slot = SlotHash.getSlot(key);
          assertThat(slot).as(key).isEqualTo(SlotHash.getSlot(base));
          slots.computeIfAbsent(key, k -> cc.sync().clusterKeyslot(k).intValue());
          assertThat(slots.get(key)).as("CLUSTER KEYSLOT " + key).isEqualTo(slot);
        }
      }
      assertThat(scripts).as("scripts watched").isGreaterThan(500);
      assertThat(commands).isGreaterThan(scripts);
      System.out.printf(
          "[script-keys] %,d scripts, %,d commands inside them (%s), %,d distinct keys: all in the"
              + " namespace of their script and its slot (CRC16 and CLUSTER KEYSLOT agree)%n",
          scripts, commands, commandNames, slots.size());
    } finally {
      client.shutdown();
      clusterClient.shutdown();
      cluster.destroyForcibly();
      server.stop();
    }
  }

  /** The keys of a command, as Redis itself finds them ({@code COMMAND GETKEYS}). */
  private static List<String> keys(StatefulRedisConnection<String, String> c, List<String> args) {
    if (args.size() == 1) {
      return List.of(); // TIME
    }
    CommandArgs<String, String> getKeys = new CommandArgs<>(StringCodec.UTF8).add("GETKEYS");
    for (String a : args) {
      getKeys.add(a);
    }
    try {
      List<Object> keys =
          c.sync().dispatch(CommandType.COMMAND, new ArrayOutput<>(StringCodec.UTF8), getKeys);
      List<String> out = new ArrayList<>();
      keys.forEach(k -> out.add((String) k));
      return out;
    } catch (RedisCommandExecutionException e) {
      if (String.valueOf(e.getMessage()).contains("no key arguments")) {
        return List.of();
      }
      throw e;
    }
  }

  /** The arguments of a MONITOR line (each quoted, backslash escapes), unescaped. */
  private static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    int i = line.indexOf(']');
    while (i >= 0 && (i = line.indexOf('"', i + 1)) >= 0) {
      StringBuilder b = new StringBuilder();
      for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
        char ch = line.charAt(i);
        if (ch != '\\') {
          b.append(ch);
          continue;
        }
        char next = line.charAt(++i);
        switch (next) {
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'a' -> b.append('\u0007');
          case 'b' -> b.append('\b');
          case 'x' -> {
            b.append((char) Integer.parseInt(line.substring(i + 1, i + 3), 16));
            i += 2;
          }
          default -> b.append(next);
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  private static int port(String uri) {
    Matcher m = Pattern.compile(":(\\d+)").matcher(uri.substring("redis://".length()));
    if (!m.find()) {
      throw new IllegalStateException("no port in " + uri);
    }
    return Integer.parseInt(m.group(1));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A cluster-enabled redis-server (no slots assigned: CLUSTER KEYSLOT only computes). */
  private static Process startClusterEnabledServer(int port) throws IOException {
    Path dir = Files.createTempDirectory("bt-redis-cluster-");
    String binary = System.getenv().getOrDefault("BT_TEST_REDIS_SERVER", "redis-server");
    Process p = new ProcessBuilder(
            binary,
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--cluster-enabled",
            "yes",
            "--cluster-config-file",
            dir.resolve("nodes.conf").toString(),
            "--dir",
            dir.toString(),
            "--save",
            "",
            "--appendonly",
            "no",
            "--logfile",
            dir.resolve("redis.log").toString())
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return p;
      } catch (IOException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the cluster-enabled redis-server did not start", e);
        }
        Thread.onSpinWait();
      }
    }
  }
}
