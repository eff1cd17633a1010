package io.btmanager.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.TasksView;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.query.Page;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/** Waits, concurrency and store plumbing shared by the groups of {@link TaskManagerContract}. */
final class ManagerFixtures {

  /** The bound of every wait in the suite. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private ManagerFixtures() {}

  /**
   * Waits until {@code check} passes, polling every 10 ms for at most {@link #WAIT}; on timeout
   * fails with the last assertion error and a dump of every thread.
   */
  static void eventually(String what, ThrowingRunnable check) {
    try {
      await(what)
          .atMost(WAIT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .untilAsserted(check);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "waited " + WAIT + " for: " + what + "\n" + e.getMessage() + "\n" + Racing.threadDump(),
          e);
    }
  }

  /** Waits for a latch within {@link #WAIT}, failing with a thread dump otherwise. */
  static void awaitLatch(String what, CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("waited " + WAIT + " for: " + what + "\n" + Racing.threadDump());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for: " + what, e);
    }
  }

  /** Joins {@code thread} within {@link #WAIT}, failing with a thread dump otherwise. */
  static void join(Thread thread) {
    try {
      thread.join(WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while joining " + thread.getName(), e);
    }
    if (thread.isAlive()) {
      throw new AssertionError(
          "waited " + WAIT + " for " + thread.getName() + "\n" + Racing.threadDump());
    }
  }

  /**
   * A view of {@code store} whose {@code close()} does nothing, so that several managers can share
   * one store and a closed manager leaves it readable; the suite closes the store itself.
   */
  static TaskStore keptOpen(TaskStore store) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "kept open: " + store;
        };
      }
      if (method.getName().equals("close") && method.getParameterCount() == 0) {
        return null;
      }
      try {
        return method.invoke(store, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (TaskStore) Proxy.newProxyInstance(
        TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class}, handler);
  }

  static Task awaitState(TasksView view, String id, TaskState state) {
    eventually(
        "task " + id + " becomes " + state,
        () -> assertThat(view.get(id).state()).isEqualTo(state));
    return view.get(id);
  }

  static List<TaskOutcome> outcomes(BulkResult r) {
    return r.results().stream().map(TaskResult::outcome).toList();
  }

  static List<String> ids(Page<Task> page) {
    return page.items().stream().map(Task::id).toList();
  }

  /** A definition as the untyped callers (JSON clients) see it, to pass values of any class. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static TaskDefinition<Object, ?> rawType(TaskDefinition<?, ?> d) {
    return (TaskDefinition) d;
  }

  static String missingId() {
    return UUID.randomUUID().toString();
  }

  /** Listens to one user's events. */
  static final class Recorder implements AutoCloseable {
    final List<TaskEvent> events = new CopyOnWriteArrayList<>();
    final Subscription subscription;

    Recorder(UserTasks user) {
      subscription = user.subscribe(events::add);
    }

    List<TaskEvent> of(String taskId) {
      return events.stream().filter(e -> e.taskId().equals(taskId)).toList();
    }

    List<TaskEventKind> kinds(String taskId) {
      return of(taskId).stream().map(TaskEvent::kind).toList();
    }

    @Override
    public void close() {
      subscription.close();
    }
  }

  /** A call made with one id, for comparing how a foreign and a missing id behave. */
  @FunctionalInterface
  interface ThrowingCall {
    Object call(String id) throws Exception;
  }
}
