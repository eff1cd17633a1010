package io.btmanager.testkit.cluster;

import static org.awaitility.Awaitility.await;

import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Execution;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/**
 * Several nodes (each a {@link TaskManager} with its own store object and pool) on one shared
 * backend, for the multi-node tests of a store module: builds the nodes, counts how often each task
 * ran, races submitters, starts a worker in a child JVM to kill it with {@code kill -9}, waits with
 * bounded polls that dump every thread when they run out, and closes everything after the test,
 * last first. A backend test keeps only what is its own: the server, a store object per node on
 * the shared data, and how it inspects what the nodes wrote.
 */
public final class MultiNodeHarness implements AutoCloseable {

  private final List<AutoCloseable> closing = new ArrayList<>();

  /**
   * A node on {@code store} (a store object of its own on the shared data: one database, one Redis
   * namespace), with a 500 ms shutdown grace and {@code custom} on top, closed with the harness.
   * {@code executor} null: a node that only submits.
   */
  public TaskManager node(
      TaskStore store, String nodeId, TaskExecutor executor, Consumer<TaskManager.Builder> custom) {
    TaskManager.Builder b =
        TaskManager.builder().store(store).nodeId(nodeId).shutdownGrace(Duration.ofMillis(500));
    if (executor != null) {
      b.executor(executor);
    }
    custom.accept(b);
    return closeLater(b.build());
  }

  /** Closes {@code c} with the harness, before everything registered earlier. */
  public <T extends AutoCloseable> T closeLater(T c) {
    closing.add(c);
    return c;
  }

  /**
   * Starts {@code main} in a child JVM on this test's class path with {@code args}, its output
   * going to {@code log}; the harness kills it (if still alive) when it closes.
   */
  public Process startJvm(Class<?> main, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        testClassPath(),
        main.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    closeLater(() -> {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    });
    return p;
  }

  /** A temporary file for a child JVM's output, deleted when the harness closes. */
  public Path tempLog(String prefix) throws IOException {
    Path log = Files.createTempFile(prefix, ".log");
    closeLater(() -> Files.deleteIfExists(log));
    return log;
  }

  /**
   * Starts a thread that submits tasks of {@code type} with labels {@code r0, r1, ...}, round robin
   * over {@code nodes}, as user {@code user}, until {@link SubmitLoad#stop()}; stopped when the
   * harness closes at the latest.
   */
  public SubmitLoad submitLoad(
      List<TaskManager> nodes, String user, TaskDefinition<Args, String> type) {
    SubmitLoad load = new SubmitLoad(nodes, user, type);
    closeLater(load::stop);
    return load;
  }

  /** Closes every node and resource, last first; throws the first failure after trying all. */
  @Override
  public void close() {
    Exception first = null;
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    closing.clear();
    if (first != null) {
      throw new IllegalStateException("could not close every node", first);
    }
  }

  /**
   * A task type whose handler counts its runs per label in {@code runs} (after parking {@code
   * parkMillis}, so that tasks are in flight), and returns the label.
   */
  public static TaskDefinition<Args, String> counting(
      String type, Map<String, AtomicInteger> runs, long parkMillis) {
    return TaskDefinition.of(type, Args.class, String.class)
        .handler((ctx, a) -> {
          if (parkMillis > 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(parkMillis));
          }
          runs.computeIfAbsent(a.label(), k -> new AtomicInteger()).incrementAndGet();
          return a.label();
        })
        .build();
  }

  /** The labels of {@code runs} that did not run exactly once, with how often they ran. */
  public static Map<String, Integer> notOnce(Map<String, AtomicInteger> runs) {
    return runs.entrySet().stream()
        .filter(e -> e.getValue().get() != 1)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
  }

  /**
   * Every node submits its share of {@code tasks} tasks of {@code type} (labels {@code t0, t1, ...})
   * as {@code user}, with {@code submitAll} in batches of {@code batch}, all nodes at once: every
   * answer, in label order.
   */
  public static List<Submitted<String>> submitShares(
      List<TaskManager> nodes, String user, TaskDefinition<Args, String> type, int tasks, int batch)
      throws Exception {
    int share = tasks / nodes.size();
    List<List<Submitted<String>>> submitted = racing(nodes.size(), n -> {
      List<Submitted<String>> mine = new ArrayList<>();
      for (int from = n * share; from < (n + 1) * share; from += batch) {
        List<Args> args =
            IntStream.range(from, from + batch).mapToObj(i -> Args.of("t" + i)).toList();
        mine.addAll(nodes.get(n).forUser(user).submitAll(type, args, o -> {}));
      }
      return mine;
    });
    return submitted.stream().flatMap(List::stream).toList();
  }

  /** Runs {@code action(0..threads-1)} on as many threads, released at once; their results. */
  public static <T> List<T> racing(int threads, IntFunction<T> action) throws Exception {
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

  /**
   * Waits until {@code check} passes, polling every {@code poll} for at most {@code atMost} and
   * ignoring {@link StoreUnavailableException} (a backend being restarted); on timeout fails with
   * the last assertion error and a dump of every thread.
   */
  public static void eventually(
      String what, Duration atMost, Duration poll, ThrowingRunnable check) {
    try {
      await(what)
          .atMost(atMost)
          .pollDelay(Duration.ZERO)
          .pollInterval(poll)
          .ignoreException(StoreUnavailableException.class)
          .untilAsserted(check);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "waited " + atMost + " for: " + what + "\n" + e.getMessage() + "\n" + threadDump(), e);
    }
  }

  /** Every thread's name, state and stack. */
  public static String threadDump() {
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

  /** Executions as {@code [OUTCOME #attempt node, ...]}, for the printed figures. */
  public static String describe(List<Execution> executions) {
    return executions.stream()
        .map(e -> e.outcome() + " #" + e.attempt() + " " + e.node())
        .collect(Collectors.joining(", ", "[", "]"));
  }

  public static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
