package io.btmanager.examples;

import io.btmanager.core.TaskManager;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.web.BtWeb;
import io.btmanager.web.BtWebServer;
import io.btmanager.web.UserResolver;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * The main job, live: the example host with its dashboard on {@code localhost}, two demo users
 * (alice, an admin, and bob) to switch between, and {@link DemoScenario} submitting work while a
 * person watches. Runs until the process is stopped.
 */
final class LiveHost implements AutoCloseable {
  static final List<String> USERS = List.of("alice", "bob");

  private final TaskManager manager;
  private final BtWeb web;
  private final BtWebServer server;
  private final DemoScenario scenario;

  private LiveHost(Storage storage, int port, Duration step, Supplier<TaskExecutor> executor) {
    DemoTasks types = new DemoTasks(step);
    this.manager = TaskManager.builder()
        .store(storage.open())
        .executor(executor.get())
        .register(types.resize, types.render, types.fetch, types.upload, types.sync)
        .nodeId("example-host")
        .build();
    this.web = BtWeb.builder(manager)
        // development only: the demo user is whoever the browser's cookie names
        .users(UserResolver.development(USERS, Set.of("alice")))
        .build();
    this.server = BtWebServer.start(web, new InetSocketAddress("localhost", port), "/bt");
    this.scenario = new DemoScenario(manager, types);
  }

  /** Starts everything and returns once the dashboard is up and the demo began. */
  static LiveHost start(Storage storage, int port, Duration step) {
    return start(storage, port, step, () -> LocalExecutor.threads(3));
  }

  /** {@link #start(Storage, int, Duration)} with the tasks on the {@code executor}'s threads. */
  static LiveHost start(Storage storage, int port, Duration step, Supplier<TaskExecutor> executor) {
    LiveHost host = new LiveHost(storage, port, step, executor);
    host.scenario.start();
    return host;
  }

  /** Serves the dashboard until the JVM is stopped, printing where to look. */
  static void run(PrintStream out, Storage storage, int port, Supplier<TaskExecutor> executor)
      throws InterruptedException {
    LiveHost host = start(storage, port, Duration.ofMillis(700), executor);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(
            () -> {
              host.close();
              stopped.countDown();
            },
            "example-host-stop"));
    out.println("bt-manager example host (" + storage.kind() + ": " + storage.location() + ")");
    out.println();
    out.println("  Dashboard: " + host.dashboard());
    for (String user : USERS) {
      out.printf("  as %-6s %s?as=%s%n", user + ":", host.dashboard(), user);
    }
    out.println();
    out.println("alice and bob are busy: a shared render, thumbnails in a queue, an import that");
    out.println("fails with advice, an upload that is retried, an album synced every 45 s.");
    out.println("Press Ctrl+C to stop. (--once prints the console story instead.)");
    stopped.await();
  }

  /** The dashboard's address, e.g. http://localhost:8080/bt/. */
  String dashboard() {
    return server.dashboard().toString();
  }

  TaskManager manager() {
    return manager;
  }

  @Override
  public void close() {
    scenario.close();
    server.close();
    web.close();
    manager.close();
  }
}
