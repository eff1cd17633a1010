package io.btmanager.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.Task;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.contract.BadInputContract.Anything;
import io.btmanager.testkit.contract.BadInputContract.Dated;
import io.btmanager.testkit.contract.BadInputContract.WriteOnly;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every area of {@link BadInputContract} stands on: before each test, one manager on the
 * suite's store with one task, configuration and schedule entry of each of two users (alice's task
 * joined by bob), and a snapshot of it all; {@link #refused} checks that a call throws the specific
 * exception and leaves that snapshot unchanged. An area is a subclass, bound to its suite by {@link
 * #suite()}.
 */
abstract class BadInputArea {

  /** The suite this area runs in: the backend's subclass of {@link BadInputContract}. */
  abstract BadInputContract suite();

  /** A fresh executor, not started, from {@link BadInputContract#createExecutor()}. */
  TaskExecutor createExecutor() {
    return suite().createExecutor();
  }

  static final int MAX_ARGUMENT_BYTES = 4_096;
  static final int MAX_RESULT_BYTES = 2_048;
  static final String LONG_NAME = "n".repeat(201);
  static final String NUL = "a\0b";

  final TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");
  final TaskDefinition<Args, String> other = TestTaskTypes.succeeds("other");
  final TaskDefinition<Dated, String> dated = TaskDefinition.of("dated", Dated.class, String.class)
      .handler((ctx, a) -> a.label() + "/" + a.note().orElse("-") + "/" + a.due())
      .build();
  final TaskDefinition<Anything, String> anything = TaskDefinition.of(
          "anything", Anything.class, String.class)
      .handler((ctx, a) -> a.label())
      .build();
  final TaskDefinition<WriteOnly, String> writeOnly = TaskDefinition.of(
          "write-only", WriteOnly.class, String.class)
      .handler((ctx, a) -> a.getLabel())
      .build();

  /** Says far too much, with a NUL in it, then succeeds. */
  final TaskDefinition<Args, String> talkative = TaskDefinition.of(
          "talkative", Args.class, String.class)
      .handler((ctx, a) -> {
        ctx.progress(1, 2, "x\0y" + "z".repeat(5_000));
        return a.label();
      })
      .build();

  /** Returns more than the manager's result limit. */
  final TaskDefinition<Args, String> verbose = TaskDefinition.of(
          "verbose", Args.class, String.class)
      .handler((ctx, a) -> "r".repeat(MAX_RESULT_BYTES))
      .build();

  /** Returns what cannot be written as JSON. */
  final TaskDefinition<Args, Object> opaque = TaskDefinition.of("opaque", Args.class, Object.class)
      .handler((ctx, a) -> new Object())
      .build();

  TaskStore store;
  final List<TaskManager> managers = new ArrayList<>();
  TaskManager m;
  UserTasks alice;
  Configuration config;
  ScheduleEntry entry;
  String taskId;
  Snapshot before;

  @BeforeEach
  void givenOneOfEachForTwoUsers() {
    store = suite().createStore();
    m = manager(null);
    alice = m.forUser("alice");
    UserTasks bob = m.forUser("bob");
    taskId = alice.submit(ok, Args.of("existing"), later()).id();
    bob.submit(ok, Args.of("existing"), later()); // joins: two owners
    config = alice.configurations().save(ok, "Config", new Args("config", 1));
    bob.configurations().save(ok, "Bob's", new Args("bobs", 2));
    entry = alice.schedules().create(ok, Args.of("entry"), Schedule.everySeconds(3600), o -> {});
    bob.schedules().create(other, Args.of("bobs"), Schedule.everySeconds(60), o -> {});
    before = snapshot();
  }

  @AfterEach
  void closeManagersAndStore() {
    for (int i = managers.size() - 1; i >= 0; i--) {
      managers.get(i).close();
    }
    store.close();
  }

  /** A manager on the test's store; with an executor when {@code executor} is not null. */
  TaskManager manager(TaskExecutor executor) {
    TaskManager.Builder b = TaskManager.builder()
        .store(ManagerFixtures.keptOpen(store))
        .nodeId("bad-input-" + managers.size())
        .maxArgumentBytes(MAX_ARGUMENT_BYTES)
        .maxResultBytes(MAX_RESULT_BYTES)
        .register(ok, other, dated, anything, writeOnly, talkative, verbose, opaque);
    if (executor != null) {
      b.executor(executor).pollInterval(Duration.ofMillis(50));
    }
    TaskManager built = b.build();
    managers.add(built);
    return built;
  }

  java.util.function.Consumer<io.btmanager.core.SubmitOptions> later() {
    Instant at = Instant.now().plus(Duration.ofHours(1));
    return o -> o.startAt(at);
  }

  // ------------------------------------------------------------------------------ assertions

  /** Every user's tasks (with owners and arguments), configurations and entries. */
  record Snapshot(
      List<String> tasks,
      int owners,
      List<Configuration> configurations,
      List<ScheduleEntry> entries) {}

  Snapshot snapshot() {
    List<Task> tasks =
        m.admin().list(TaskQuery.all().sortBy(TaskSort.CREATED_AT, false)).items();
    return new Snapshot(
        tasks.stream()
            .map(t -> t.id() + " " + t.state() + " " + t.name() + " " + t.description() + " "
                + t.link() + " " + t.priority() + " " + t.owners() + " " + t.argumentsJson())
            .toList(),
        tasks.stream().mapToInt(t -> t.owners().size()).sum(),
        m.admin().configurations().list(),
        m.admin().schedules().list());
  }

  /**
   * Asserts that {@code call} throws {@code type}, naming {@code field} (a JSON path may go on
   * below it) and saying what is accepted, and that the store is unchanged.
   */
  void refused(Class<? extends InvalidInputException> type, String field, ThrowingCallable call) {
    Throwable e = catchThrowable(call);
    assertThat(e).as("what %s throws", field).isInstanceOf(type);
    InvalidInputException invalid = (InvalidInputException) e;
    assertThat(invalid.field()).as("the field named by: %s", e.getMessage()).startsWith(field);
    assertThat(invalid.accepted())
        .as("what is accepted, in: %s", e.getMessage())
        .isNotBlank();
    assertThat(e.getMessage()).contains(invalid.field()).contains("accepted: ");
    unchanged();
  }

  void refused(String field, ThrowingCallable call) {
    refused(InvalidInputException.class, field, call);
  }

  void unchanged() {
    Snapshot now = snapshot();
    assertThat(now.tasks()).as("tasks").isEqualTo(before.tasks());
    assertThat(now.owners()).as("owners").isEqualTo(before.owners());
    assertThat(now.configurations()).as("configurations").isEqualTo(before.configurations());
    assertThat(now.entries()).as("schedule entries").isEqualTo(before.entries());
  }
}
