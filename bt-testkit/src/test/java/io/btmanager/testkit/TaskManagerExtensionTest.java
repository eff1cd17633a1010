package io.btmanager.testkit;

import static io.btmanager.testkit.BtAssertions.assertThat;
import static io.btmanager.testkit.BtAssertions.assertThatThrownBy;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.Task;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskManagerExtensionTest {
  static final TaskDefinition<Args, String> OK = TestTaskTypes.succeeds("ok");
  static final TaskDefinition<Args, String> FLAKY = TestTaskTypes.failsThenSucceeds("flaky", 2);

  static volatile TaskManager firstManager;

  @RegisterExtension
  final TaskManagerExtension tasks = TaskManagerExtension.with(OK, FLAKY);

  /**
   * Two tests in a fixed order on one extension instance (a static field, as a host might
   * declare it): the second must not see anything the first did.
   */
  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class FreshManagerPerTest {
    @RegisterExtension
    static final TaskManagerExtension shared = TaskManagerExtension.with(OK);

    @Test
    @Order(1)
    void firstTestSubmitsAndMovesTheClock() {
      firstManager = shared.manager();
      shared.forUser("a").submit(OK, Args.of("x"));
      shared.advance(Duration.ofHours(1));
      assertThat(shared.forUser("a").list(TaskQuery.mine()).items()).hasSize(1);
    }

    @Test
    @Order(2)
    void secondTestGetsANewManagerAClockAtTheStartAndNoTasks() {
      assertThat(firstManager).isNotNull();
      assertThat(shared.manager()).isNotSameAs(firstManager);
      assertThat(shared.clock().instant()).isEqualTo(TaskManagerExtension.DEFAULT_START);
      assertThat(shared.forUser("a").list(TaskQuery.mine()).items()).isEmpty();
      assertThat(shared.admin().list(TaskQuery.all()).items()).isEmpty();
    }
  }

  @Test
  void runUntilIdleRunsEverySubmittedTaskOnTheTestThread() {
    UserTasks a = tasks.forUser("a");
    List<String> ids = List.of(
        a.submit(OK, Args.of("1")).id(),
        a.submit(OK, Args.of("2")).id(),
        a.submit(OK, Args.of("3")).id());
    for (String id : ids) {
      assertThat(a.get(id)).isPending();
    }

    assertThat(tasks.runUntilIdle()).isEqualTo(3);

    for (String id : ids) {
      assertThat(a.get(id)).hasSucceeded().hasAttempts(1);
    }
    assertThat(tasks.runUntilIdle()).isZero();
  }

  @Test
  void advanceMovesTheClockButRunsNothing() {
    String id = tasks.forUser("a").submit(OK, Args.of("x")).id();

    Instant now = tasks.advance(Duration.ofMinutes(5));

    assertThat(now).isEqualTo(TaskManagerExtension.DEFAULT_START.plus(Duration.ofMinutes(5)));
    assertThat(tasks.clock().instant()).isEqualTo(now);
    assertThat(tasks.forUser("a").get(id)).isPending();
  }

  @Test
  void advancingTheClockMakesARetryBackoffDue() {
    UserTasks a = tasks.forUser("a");
    String id = a.submit(FLAKY, Args.of("x")).id();

    assertThat(tasks.runUntilIdle()).isEqualTo(1);
    Task afterFirst = a.get(id);
    assertThat(afterFirst).isScheduled().hasAttempts(1);
    assertThat(afterFirst.nextAttemptAt())
        .isEqualTo(TaskManagerExtension.DEFAULT_START.plusSeconds(1));

    assertThat(tasks.advanceAndRun(Duration.ofMillis(999)))
        .as("backoff not over yet")
        .isZero();
    assertThat(a.get(id)).isScheduled().hasAttempts(1);

    assertThat(tasks.advanceAndRun(Duration.ofMillis(1))).isEqualTo(1);
    assertThat(a.get(id)).isScheduled().hasAttempts(2);

    // The second backoff doubles: two seconds.
    assertThat(tasks.advanceAndRun(Duration.ofSeconds(1))).isZero();
    assertThat(tasks.advanceAndRun(Duration.ofSeconds(1))).isEqualTo(1);
    assertThat(a.get(id)).hasSucceeded().hasAttempts(3).hasResultJson("\"x\"");
    assertThat(a.executions(id)).hasSize(3);
  }

  @Test
  void aScheduleEntryFiresWhenTheClockPassesItsTime() {
    UserTasks a = tasks.forUser("a");
    ScheduleEntry entry =
        a.schedules().create(OK, Args.of("tick"), Schedule.everySeconds(60), o -> {});

    assertThat(tasks.runUntilIdle()).isZero();
    assertThat(tasks.advanceAndRun(Duration.ofSeconds(59))).isZero();
    assertThat(a.list(TaskQuery.mine()).items()).isEmpty();

    assertThat(tasks.advanceAndRun(Duration.ofSeconds(1))).isEqualTo(1);

    List<Task> fired = a.list(TaskQuery.mine()).items();
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0)).hasSucceeded().hasOwners("a");
    assertThat(fired.get(0).scheduleEntryId()).isEqualTo(entry.id());

    assertThat(tasks.advanceAndRun(Duration.ofSeconds(60))).isEqualTo(1);
    assertThat(a.list(TaskQuery.mine()).items()).hasSize(2);
  }

  @Test
  void injectsTheCurrentTestsInstances(
      TaskManager manager, ManualClock clock, ManualExecutor executor) {
    assertThat(manager).isSameAs(tasks.manager());
    assertThat(clock).isSameAs(tasks.clock());
    assertThat(executor).isSameAs(tasks.executor());
  }

  @Nested
  class InjectionIntoBeforeEach {
    TaskManager fromBeforeEach;

    @BeforeEach
    void setUp(TaskManager manager) {
      fromBeforeEach = manager;
    }

    @Test
    void beforeEachSeesTheSameManagerAsTheTest(TaskManager manager) {
      assertThat(fromBeforeEach).isSameAs(manager).isSameAs(tasks.manager());
    }
  }

  @Test
  void theUsersViewAndTheAdminViewAreTheManagers() {
    String id = tasks.forUser("a").submit(OK, Args.of("x")).id();

    assertThat(tasks.forUser("a").user()).isEqualTo("a");
    assertThat(tasks.admin().get(id)).isOwnedBy("a");
    assertThat(tasks.manager().forUser("a").get(id)).isPending();
  }

  @Test
  void configureAppliesExtraBuilderSettingsToACopy() throws Exception {
    TaskManagerExtension plain = TaskManagerExtension.with(OK);
    TaskManagerExtension custom =
        plain.configure(b -> b.nodeId("node-x")).startingAt(Instant.parse("2031-05-06T07:08:09Z"));

    custom.beforeEach(null);
    try {
      assertThat(custom.manager().nodeId()).isEqualTo("node-x");
      assertThat(custom.clock().instant()).isEqualTo(Instant.parse("2031-05-06T07:08:09Z"));
    } finally {
      custom.afterEach(null);
    }
    plain.beforeEach(null);
    try {
      assertThat(plain.manager().nodeId()).isEqualTo("test-node");
      assertThat(plain.clock().instant()).isEqualTo(TaskManagerExtension.DEFAULT_START);
    } finally {
      plain.afterEach(null);
    }
  }

  @Test
  void afterEachClosesTheManagerAndAccessorsThenRefuse() {
    TaskManagerExtension ext = TaskManagerExtension.with(OK);
    ext.beforeEach(null);
    ManualExecutor executor = ext.executor();
    ext.forUser("a").submit(OK, Args.of("x"));

    ext.afterEach(null);

    assertThat(executor.runUntilIdle())
        .as("a closed manager's executor runs nothing")
        .isZero();
    assertThatThrownBy(ext::manager)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside a test");
    assertThatThrownBy(ext::runUntilIdle).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ext.advance(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withNeedsATaskType() {
    assertThatThrownBy(TaskManagerExtension::with)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
  }
}
