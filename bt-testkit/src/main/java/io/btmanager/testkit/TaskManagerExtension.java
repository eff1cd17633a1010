package io.btmanager.testkit;

import io.btmanager.core.AdminTasks;
import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.memory.InMemoryTaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh {@link TaskManager} on an in-memory store, a
 * {@link ManualClock} and a {@link ManualExecutor}, and closes it after the test. Nothing runs and
 * no time passes unless the test says so: {@link #runUntilIdle()} runs the runnable tasks on the
 * test's own thread, {@link #advance(Duration)} moves the clock.
 *
 * <pre>{@code
 * class ResizeTest {
 *   static final TaskDefinition<Resize, URI> RESIZE = ...;
 *
 *   @RegisterExtension
 *   final TaskManagerExtension tasks = TaskManagerExtension.with(RESIZE)
 *       .configure(b -> b.retention(Duration.ofDays(1)));
 *
 *   @Test
 *   void resizes() {
 *     String id = tasks.forUser("alice").submit(RESIZE, new Resize(uri, 640)).id();
 *     tasks.runUntilIdle();
 *     BtAssertions.assertThat(tasks.forUser("alice").get(id)).hasSucceeded();
 *   }
 *
 *   @Test
 *   void parameters(TaskManager manager, ManualClock clock) { ... }
 * }
 * }</pre>
 *
 * <p>Test methods and {@code @BeforeEach}/{@code @AfterEach} methods may declare parameters of
 * type {@link TaskManager}, {@link ManualClock} and {@link ManualExecutor}; they receive the
 * current test's instances.
 *
 * <p>The extension object itself is immutable configuration plus the current test's manager: use
 * one instance per test class (an instance field, or a static field when tests do not run
 * concurrently within the class). The accessors may be called only while a test runs.
 */
public final class TaskManagerExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** Where every test's clock starts, unless {@link #startingAt(Instant)} says otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  private final List<TaskDefinition<?, ?>> types;
  private final List<Consumer<TaskManager.Builder>> configurers;
  private final Instant start;
  private volatile Fixture current;

  private TaskManagerExtension(
      List<TaskDefinition<?, ?>> types,
      List<Consumer<TaskManager.Builder>> configurers,
      Instant start) {
    this.types = List.copyOf(types);
    this.configurers = List.copyOf(configurers);
    this.start = start;
  }

  /**
   * An extension whose managers have these task types registered.
   *
   * @throws IllegalArgumentException when no type is given
   * @throws NullPointerException when a type is null
   */
  public static TaskManagerExtension with(TaskDefinition<?, ?>... types) {
    Objects.requireNonNull(types, "types");
    if (types.length == 0) {
      throw new IllegalArgumentException(
          "TaskManagerExtension.with(...) needs at least one TaskDefinition to register");
    }
    List<TaskDefinition<?, ?>> list = new ArrayList<>();
    for (TaskDefinition<?, ?> t : types) {
      list.add(Objects.requireNonNull(t, "a task type given to TaskManagerExtension.with is null"));
    }
    return new TaskManagerExtension(list, List.of(), DEFAULT_START);
  }

  /**
   * A copy that applies {@code configurer} to every test's builder after the extension's own
   * settings (store, clock, executor, types, node id). Calls add up. Leave the clock and the
   * executor alone, or {@link #advance} and {@link #runUntilIdle} no longer reach the manager.
   */
  public TaskManagerExtension configure(Consumer<TaskManager.Builder> configurer) {
    Objects.requireNonNull(configurer, "configurer");
    List<Consumer<TaskManager.Builder>> all = new ArrayList<>(configurers);
    all.add(configurer);
    return new TaskManagerExtension(types, all, start);
  }

  /** A copy whose tests' clocks start at {@code instant} rather than {@link #DEFAULT_START}. */
  public TaskManagerExtension startingAt(Instant instant) {
    return new TaskManagerExtension(types, configurers, Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Fixture old = current;
    current = null;
    if (old != null) {
      old.manager.close(); // left over from a test whose afterEach never ran
    }
    ManualClock clock = ManualClock.at(start);
    ManualExecutor executor = new ManualExecutor();
    TaskManager.Builder builder = TaskManager.builder()
        .store(InMemoryTaskStore.create(clock))
        .clock(clock)
        .executor(executor)
        .nodeId("test-node")
        .register(types.toArray(TaskDefinition<?, ?>[]::new));
    for (Consumer<TaskManager.Builder> c : configurers) {
      c.accept(builder);
    }
    current = new Fixture(builder.build(), clock, executor);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Fixture f = current;
    current = null;
    if (f != null) {
      f.manager.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TaskManager.class || type == ManualClock.class || type == ManualExecutor.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Fixture f = current;
    if (f == null) {
      throw new ParameterResolutionException("TaskManagerExtension provides "
          + parameter.getParameter().getType().getSimpleName()
          + " only to test methods and @BeforeEach/@AfterEach methods, not to "
          + parameter.getDeclaringExecutable());
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == TaskManager.class) {
      return f.manager;
    }
    return type == ManualClock.class ? f.clock : f.executor;
  }

  /** The current test's manager. */
  public TaskManager manager() {
    return fixture().manager;
  }

  /** The current test's clock; it moves only when told to. */
  public ManualClock clock() {
    return fixture().clock;
  }

  /** The current test's executor; it runs tasks only when told to. */
  public ManualExecutor executor() {
    return fixture().executor;
  }

  /** {@code manager().forUser(user)}. */
  public UserTasks forUser(String user) {
    return manager().forUser(user);
  }

  /** {@code manager().admin()}. */
  public AdminTasks admin() {
    return manager().admin();
  }

  /**
   * Fires due schedule entries, returns expired leases, then runs tasks on the calling thread until
   * none is runnable at the clock's current time. Does not move the clock: a retry backoff or start
   * time still in the future stays SCHEDULED.
   *
   * @return how many tasks ran
   */
  public int runUntilIdle() {
    return executor().runUntilIdle();
  }

  /**
   * Moves the clock forward by {@code d}; runs nothing.
   *
   * @return the new time
   */
  public Instant advance(Duration d) {
    return clock().advance(Objects.requireNonNull(d, "duration"));
  }

  /**
   * Moves the clock forward by {@code d}, then {@link #runUntilIdle()}.
   *
   * @return how many tasks ran
   */
  public int advanceAndRun(Duration d) {
    advance(d);
    return runUntilIdle();
  }

  private Fixture fixture() {
    Fixture f = current;
    if (f == null) {
      throw new IllegalStateException("TaskManagerExtension has no manager outside a test: "
          + "register it with @RegisterExtension and call it from a test or a @BeforeEach/"
          + "@AfterEach method");
    }
    return f;
  }

  private record Fixture(TaskManager manager, ManualClock clock, ManualExecutor executor) {}
}
