package io.btmanager.benchmarks;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.web.BtWeb;
import io.btmanager.web.BtWebServer;
import io.btmanager.web.UserResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.dashboard.JobRunrDashboardWebServerConfiguration;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * bt-web over real HTTP on loopback, client and server in one JVM.
 *
 * <p>{@link #listTasks}: 16 clients each GET one page of 50 tasks of their user ({@code
 * /bt/api/tasks?limit=50}, the user owning {@code tasks} tasks) from the standalone server;
 * throughput (ops/s, all threads) and latency (SampleTime: p50, p99). {@link #listJobRunr}: the
 * same from JobRunr's dashboard API ({@code /api/jobs?state=ENQUEUED&limit=50}, its own JDK
 * HttpServer) holding as many jobs in its in-memory storage. Both stores are in memory, so the
 * figures are the web stacks' (routing, JSON, HTTP), not a database's.
 *
 * <p>{@link #pushFanout}: {@code users} users with {@code tabs} WebSocket subscribers each; one
 * invocation submits a task for the next user and waits until every one of that user's
 * subscribers has received its CREATED message: the latency from the task event to its receipt by
 * the last of them (SampleTime: p50, p99).
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Web {
  private static final String USER_HEADER = "X-User";

  /** bt-manager's web face with one user's tasks. */
  @State(Scope.Benchmark)
  public static class BtList {
    @Param("1000")
    int tasks;

    TaskManager manager;
    BtWeb web;
    BtWebServer server;
    URI page;

    @Setup(Level.Trial)
    public void start() {
      TaskDefinition<Noop, Void> noop = Noop.neverRun();
      manager = TaskManager.builder().register(noop).build();
      UserTasks alice = manager.forUser("alice");
      alice.submitAll(
          noop, LongStream.range(0, tasks).mapToObj(Noop::new).toList(), o -> o.name("Task"));
      web = BtWeb.builder(manager)
          .users(UserResolver.trustedHeader(USER_HEADER, "X-Groups", "admins"))
          .rateLimit(1_000_000, 1_000_000)
          .build();
      server = BtWebServer.start(web, new InetSocketAddress("127.0.0.1", 0), "/bt");
      page = server.api().resolve("tasks?limit=50");
      System.out.println("[bench] bt-web: " + tasks + " tasks, page of 50 at " + page);
    }

    @TearDown(Level.Trial)
    public void stop() {
      server.close();
      web.close();
      manager.close();
    }
  }

  /** JobRunr's dashboard API over as many enqueued jobs in its in-memory storage. */
  @State(Scope.Benchmark)
  public static class JobRunrList {
    @Param("1000")
    int tasks;

    URI page;

    @Setup(Level.Trial)
    public void start() throws IOException {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      JobRunrConfigurationResult r = JobRunr.configure()
          .useJsonMapper(new JacksonJsonMapper())
          .useStorageProvider(new InMemoryStorageProvider())
          .useDashboard(JobRunrDashboardWebServerConfiguration.usingStandardDashboardConfiguration()
              .andPort(port)
              .andAllowAnonymousDataUsage(false))
          .initialize();
      JobScheduler scheduler = r.getJobScheduler();
      scheduler.enqueue(LongStream.range(0, tasks).boxed(), n -> JobRunrNoop.run(n));
      page = URI.create("http://127.0.0.1:" + port + "/api/jobs?state=ENQUEUED&offset=0&limit=50");
      System.out.println("[bench] JobRunr dashboard: " + tasks + " jobs, page of 50 at " + page);
    }

    @TearDown(Level.Trial)
    public void stop() {
      JobRunr.destroy();
    }
  }

  /**
   * One HTTP client per benchmark thread, as a browser per user, with one kept-alive connection:
   * {@code lean} ({@link KeepAliveClient}, blocking, on the benchmark thread) or {@code jdk} (the
   * JDK's {@code HttpClient}, HTTP/1.1, whose selector and executor threads compete with the server
   * for the same cores).
   */
  @State(Scope.Thread)
  public static class Client {
    @Param({"lean"})
    String client;

    HttpClient jdk;
    KeepAliveClient lean;

    @Setup(Level.Trial)
    public void start() {
      switch (client) {
        case "jdk" ->
          jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        case "lean" -> {}
        default -> throw new IllegalArgumentException("client=" + client + ": lean or jdk");
      }
    }

    int get(URI uri, String... headers) throws IOException, InterruptedException {
      if (jdk == null) {
        if (lean == null) {
          lean = new KeepAliveClient(uri);
        }
        return lean.get(uri, headers);
      }
      HttpRequest.Builder r = HttpRequest.newBuilder(uri);
      for (String h : headers) {
        int colon = h.indexOf(':');
        r.header(h.substring(0, colon), h.substring(colon + 1).trim());
      }
      HttpResponse<byte[]> resp = jdk.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (resp.statusCode() != 200) {
        throw new IllegalStateException("GET " + uri + " answered " + resp.statusCode());
      }
      return resp.body().length;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      if (lean != null) {
        lean.close();
      }
    }
  }

  @Benchmark
  @Threads(16)
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int listTasks(BtList s, Client c) throws IOException, InterruptedException {
    return c.get(s.page, USER_HEADER + ": alice");
  }

  @Benchmark
  @Threads(16)
  @BenchmarkMode({Mode.Throughput, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int listJobRunr(JobRunrList s, Client c) throws IOException, InterruptedException {
    return c.get(s.page);
  }

  /** {@code users} x {@code tabs} WebSocket subscribers of bt-web's push. */
  @State(Scope.Benchmark)
  public static class Fanout {
    @Param("100")
    int users;

    @Param("10")
    int tabs;

    TaskManager manager;
    BtWeb web;
    BtWebServer server;
    TaskDefinition<Noop, Void> noop;
    final List<WebSocket> sockets = new ArrayList<>();
    final List<HttpClient> clients = new ArrayList<>();
    volatile CountDownLatch received = new CountDownLatch(0);
    volatile String expected = "";
    long next;

    @Setup(Level.Trial)
    public void start() {
      noop = Noop.neverRun();
      manager = TaskManager.builder().register(noop).build();
      web = BtWeb.builder(manager)
          .users(UserResolver.trustedHeader(USER_HEADER, "X-Groups", "admins"))
          .maxStreamsPerUser(Math.max(16, tabs))
          .pushBuffers(100, 1_000)
          .build();
      server = BtWebServer.start(web, new InetSocketAddress("127.0.0.1", 0), "/bt");
      URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/bt/api/push/ws");
      for (int i = 0; i < 10; i++) {
        clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
      }
      for (int u = 0; u < users; u++) {
        for (int t = 0; t < tabs; t++) {
          sockets.add(clients
              .get((u * tabs + t) % clients.size())
              .newWebSocketBuilder()
              .header(USER_HEADER, "user" + u)
              .buildAsync(ws, new Tab())
              .join());
        }
      }
      System.out.println("[bench] push: " + users + " users x " + tabs + " WebSocket tabs = "
          + sockets.size() + " subscribers at " + Instant.now());
    }

    /** Counts down when a message names the awaited task's arguments. */
    final class Tab implements WebSocket.Listener {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          if (partial.indexOf(expected) >= 0) {
            received.countDown();
          }
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }
    }

    @TearDown(Level.Trial)
    public void stop() {
      sockets.forEach(WebSocket::abort);
      server.close();
      web.close();
      manager.close();
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void pushFanout(Fanout s) throws InterruptedException {
    long n = s.next++;
    String user = "user" + (n % s.users);
    CountDownLatch latch = new CountDownLatch(s.tabs);
    s.expected = "\"arguments\":{\"n\":" + n + "}";
    s.received = latch;
    s.manager.forUser(user).submit(s.noop, new Noop(n));
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "only " + (s.tabs - latch.getCount()) + " of " + s.tabs + " tabs got task " + n);
    }
  }
}
