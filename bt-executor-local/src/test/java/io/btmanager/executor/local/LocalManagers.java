package io.btmanager.executor.local;

import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Real managers on one in-memory store for the executor's tests, closed after each test, with task
 * types that record where and how often they ran, and the store's claims recorded on their way
 * through (which thread asked, for how many).
 */
abstract class LocalManagers {
  /** Opened at the end of every test, so no task a test blocked outlives it. */
  final CountDownLatch endOfTest = new CountDownLatch(1);

  final TaskStore store = recording(InMemoryTaskStore.create(Clock.systemUTC()));
  /** Every claim: the calling thread's name and the most it asked for. */
  final List<Map.Entry<String, Integer>> claims = new CopyOnWriteArrayList<>();

  /** How many of the next claims throw. */
  final AtomicInteger failingClaims = new AtomicInteger();

  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  final List<Thread> runThreads = new CopyOnWriteArrayList<>();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger mostRunning = new AtomicInteger();
  private final List<TaskManager> managers = new ArrayList<>();

  /** Records its run, then returns. */
  final TaskDefinition<Args, String> quick = TaskDefinition.of("quick", Args.class, String.class)
      .handler((ctx, a) -> {
        ran(a);
        return a.label();
      })
      .build();

  /** Records its run, then waits for the end of the test (interruptibly). */
  final TaskDefinition<Args, String> blocked = TaskDefinition.of(
          "blocked", Args.class, String.class)
      .handler((ctx, a) -> {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
          ran(a);
          endOfTest.await();
          return a.label();
        } finally {
          running.decrementAndGet();
        }
      })
      .build();

  private void ran(Args a) {
    runThreads.add(Thread.currentThread());
    runs.computeIfAbsent(a.label(), l -> new AtomicInteger()).incrementAndGet();
  }

  /** A manager on the shared store with {@code executor} (null: one that only submits). */
  TaskManager manager(LocalExecutor executor, Consumer<TaskManager.Builder> custom) {
    TaskManager.Builder b = TaskManager.builder()
        .store(store)
        .nodeId("local-" + managers.size())
        .pollInterval(Duration.ofHours(1))
        .shutdownGrace(Duration.ofMillis(100))
        .register(quick, blocked);
    if (executor != null) {
      b.executor(executor);
    }
    custom.accept(b);
    TaskManager m = b.build();
    managers.add(m);
    return m;
  }

  @AfterEach
  void closeManagers() {
    endOfTest.countDown();
    for (int i = managers.size() - 1; i >= 0; i--) {
      managers.get(i).close();
    }
  }

  /** {@code store} with its claims recorded and {@code close()} doing nothing (managers share it). */
  private TaskStore recording(TaskStore real) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        return null;
      }
      if (method.getName().equals("claim")) {
        int max = ((ClaimRequest) args[0]).max();
        claims.add(Map.entry(Thread.currentThread().getName(), max));
        if (failingClaims.getAndDecrement() > 0) {
          throw new IllegalStateException("a claim failing on purpose");
        }
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (TaskStore) Proxy.newProxyInstance(
        TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class}, handler);
  }
}
