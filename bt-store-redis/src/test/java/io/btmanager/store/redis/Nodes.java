package io.btmanager.store.redis;

import static org.awaitility.Awaitility.await;

import io.btmanager.core.TaskManager;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.task.Execution;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/**
 * Several nodes (TaskManagers, each with its own store and connection) on one Redis namespace, and
 * a store of the test's own on it to look at what they wrote. Closes everything, last first.
 */
final class Nodes implements AutoCloseable {
  final RedisServer server;
  final String namespace = RedisServer.newNamespace();
  final RedisTaskStore inspector;
  private final List<AutoCloseable> closing = new ArrayList<>();

  Nodes(RedisServer server) {
    this.server = server;
    this.inspector = server.store(namespace);
    closing.add(inspector);
  }

  /** A node with its own store on the namespace, closed with the others. */
  TaskManager node(String nodeId, TaskExecutor executor, Consumer<TaskManager.Builder> custom) {
    TaskManager.Builder b = TaskManager.builder()
        .store(server.store(namespace))
        .nodeId(nodeId)
        .shutdownGrace(Duration.ofMillis(500));
    if (executor != null) {
      b.executor(executor);
    }
    custom.accept(b);
    TaskManager m = b.build();
    closing.add(m);
    return m;
  }

  void closeLater(AutoCloseable c) {
    closing.add(c);
  }

  /** Every task of the namespace, read in chunks. */
  List<StoredTask> tasks() {
    List<String> ids = inspector.allIds();
    List<StoredTask> tasks = new ArrayList<>(ids.size());
    for (int from = 0; from < ids.size(); from += 1_000) {
      tasks.addAll(inspector.findAll(ids.subList(from, Math.min(ids.size(), from + 1_000))));
    }
    return tasks;
  }

  /** How many tasks are in each state. */
  Map<String, Long> states() {
    return tasks().stream()
        .collect(Collectors.groupingBy(t -> t.state().name(), TreeMap::new, Collectors.counting()));
  }

  StoredTask task(String id) {
    return inspector.find(id).orElseThrow();
  }

  @Override
  public void close() {
    Exception first = null;
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw new IllegalStateException("could not close every node", first);
    }
  }

  static <T> List<T> racing(int threads, IntFunction<T> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(pool.submit(() -> {
          go.await();
          return action.apply(index);
        }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  static void eventually(String what, Duration atMost, ThrowingRunnable check) {
    try {
      await(what)
          .atMost(atMost)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .ignoreException(StoreUnavailableException.class)
          .untilAsserted(check);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "waited " + atMost + " for: " + what + "\n" + e.getMessage() + "\n" + threadDump(), e);
    }
  }

  static String threadDump() {
    StringBuilder s = new StringBuilder("thread dump:\n");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
      s.append('"')
          .append(info.getThreadName())
          .append("\" ")
          .append(info.getThreadState())
          .append('\n');
      for (StackTraceElement e : info.getStackTrace()) {
        s.append("\tat ").append(e).append('\n');
      }
    }
    return s.toString();
  }

  static String describe(List<Execution> executions) {
    return executions.stream()
        .map(e -> e.outcome() + " #" + e.attempt() + " " + e.node())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
