package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.InvalidArgumentsException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.InvalidScheduleException;
import io.btmanager.core.exception.PayloadTooLargeException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Bad input at every public entry point, on every store (DESIGN.md, Bad input): null, empty,
 * blank, over-long, out-of-range and unbindable values each get the library's specific exception,
 * naming the field and saying what is accepted, and leave the store as it was (the tasks with
 * their owners, the configurations and the schedule entries of every user). The limits are the
 * core's, so the in-memory store refuses exactly what the SQL stores cannot hold.
 *
 * <pre>{@code
 * class H2BadInputTest extends BadInputContract {
 *   protected TaskStore createStore() { return JdbcTaskStore.h2InMemory("bad-" + UUID.randomUUID()); }
 *   protected TaskExecutor createExecutor() { return LocalExecutor.threads(2); }
 * }
 * }</pre>
 */
public abstract class BadInputContract {

  /** A fresh, empty store. */
  protected abstract TaskStore createStore();

  /** A fresh executor, not started. */
  protected abstract TaskExecutor createExecutor();

  /** Arguments with the JDK types a host puts in a record. */
  public record Dated(String label, Optional<String> note, Instant due, Duration within) {}

  /** Arguments holding any object: what a host must not pass. */
  public record Anything(String label, Object payload) {}

  /** Arguments Jackson writes but cannot read back (no creator it can call). */
  public static final class WriteOnly {
    private final String label;

    public WriteOnly(String label, int ignored) {
      this.label = label;
    }

    public String getLabel() {
      return label;
    }
  }

  private static final int MAX_ARGUMENT_BYTES = 4_096;
  private static final int MAX_RESULT_BYTES = 2_048;
  private static final String LONG_NAME = "n".repeat(201);
  private static final String NUL = "a\0b";

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

  private TaskStore store;
  private final List<TaskManager> managers = new ArrayList<>();
  private TaskManager m;
  private UserTasks alice;
  private Configuration config;
  private ScheduleEntry entry;
  private String taskId;
  private Snapshot before;

  @BeforeEach
  void givenOneOfEachForTwoUsers() {
    store = createStore();
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
  private TaskManager manager(TaskExecutor executor) {
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

  private java.util.function.Consumer<io.btmanager.core.SubmitOptions> later() {
    Instant at = Instant.now().plus(Duration.ofHours(1));
    return o -> o.startAt(at);
  }

  // ------------------------------------------------------------------------------ assertions

  /** Every user's tasks (with owners and arguments), configurations and entries. */
  private record Snapshot(
      List<String> tasks,
      int owners,
      List<Configuration> configurations,
      List<ScheduleEntry> entries) {}

  private Snapshot snapshot() {
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
  private void refused(
      Class<? extends InvalidInputException> type, String field, ThrowingCallable call) {
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

  private void refused(String field, ThrowingCallable call) {
    refused(InvalidInputException.class, field, call);
  }

  private void unchanged() {
    Snapshot now = snapshot();
    assertThat(now.tasks()).as("tasks").isEqualTo(before.tasks());
    assertThat(now.owners()).as("owners").isEqualTo(before.owners());
    assertThat(now.configurations()).as("configurations").isEqualTo(before.configurations());
    assertThat(now.entries()).as("schedule entries").isEqualTo(before.entries());
  }

  // ------------------------------------------------------------------------------- the cases

  @Nested
  class Users {
    @Test
    void aUserIdIsNotNullBlankOverLongOrWithNul() {
      for (String user : Arrays.asList(null, "", "  ", "u".repeat(201), NUL)) {
        refused("user", () -> m.forUser(user));
      }
      assertThatCode(() -> m.forUser("u".repeat(200))).doesNotThrowAnyException();
    }
  }

  @Nested
  class Submits {
    @Test
    void optionsOutOfRangeAreRefused() {
      for (String name : Arrays.asList(null, "", " ", LONG_NAME, NUL)) {
        refused("name", () -> alice.submit(ok, Args.of("n"), o -> o.name(name)));
      }
      for (String description : Arrays.asList(null, "d".repeat(4_001), NUL)) {
        refused(
            "description", () -> alice.submit(ok, Args.of("n"), o -> o.description(description)));
      }
      URI longLink = URI.create("https://example.com/" + "p".repeat(2_000));
      refused("link", () -> alice.submit(ok, Args.of("n"), o -> o.link(longLink)));
      refused("startAt", () -> alice.submit(ok, Args.of("n"), o -> o.startAt(Instant.MAX)));
      refused("priority", () -> alice.submit(ok, Args.of("n"), o -> o.priority(null)));
    }

    @Test
    void typesAndArgumentsThatCannotBeStoredAreRefused() {
      refused("type", () -> alice.submit(null, Args.of("n")));
      refused(
          UnknownTaskTypeException.class,
          "type",
          () -> alice.submit(TestTaskTypes.succeeds("never-registered"), Args.of("n")));
      refused("arguments", () -> alice.submit(ok, null));
      refused(
          PayloadTooLargeException.class,
          "arguments",
          () -> alice.submit(ok, Args.of("x".repeat(MAX_ARGUMENT_BYTES))));
      refused(
          InvalidArgumentsException.class,
          "$.payload",
          () -> alice.submit(anything, new Anything("any", new Object())));
      refused(
          InvalidArgumentsException.class,
          "$",
          () -> alice.submit(writeOnly, new WriteOnly("cannot be read back", 1)));
      refused("arguments", () -> alice.submitAll(ok, null, o -> {}));
      refused("arguments", () -> alice.submitAll(ok, List.of(), o -> {}));
      refused(
          "arguments[1]", () -> alice.submitAll(ok, Arrays.asList(Args.of("a"), null), o -> {}));
    }

    @Test
    void argumentsWithOptionalAndTimeValuesAreStoredAndBoundBack() {
      TaskManager running = manager(createExecutor());
      UserTasks carol = running.forUser("carol");
      Instant due = Instant.parse("2030-01-02T03:04:05Z");
      String id = carol
          .submit(dated, new Dated("d", Optional.of("note"), due, Duration.ofMinutes(5)))
          .id();
      String empty = carol
          .submit(dated, new Dated("e", Optional.empty(), due, Duration.ZERO))
          .id();

      eventually("both ran", () -> {
        assertThat(carol.result(id, String.class)).contains("d/note/" + due);
        assertThat(carol.result(empty, String.class)).contains("e/-/" + due);
      });
    }

    @Test
    void aResultOverTheLimitOrNotJsonFailsItsAttemptSayingSoInsteadOfSticking() {
      TaskManager running = manager(createExecutor());
      UserTasks carol = running.forUser("carol");
      String tooBig = carol.submit(verbose, Args.of("v")).id();
      String notJson = carol.submit(opaque, Args.of("o")).id();

      eventually("both failed", () -> {
        assertThat(carol.get(tooBig).state()).isEqualTo(TaskState.FAILED);
        assertThat(carol.get(notJson).state()).isEqualTo(TaskState.FAILED);
      });
      assertThat(carol.get(tooBig).error().detail())
          .contains("over the limit of " + MAX_RESULT_BYTES + " bytes");
      assertThat(carol.get(notJson).error().detail()).contains("cannot be written as JSON");
      assertThat(carol.result(tooBig, String.class)).isEmpty();
    }

    @Test
    void aHandlersOverLongProgressMessageIsCutWithAnEllipsisNotFatal() {
      TaskManager running = manager(createExecutor());
      UserTasks carol = running.forUser("carol");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 8; i++) { // several workers' outcomes written together
        ids.add(carol.submit(talkative, Args.of("t" + i)).id());
      }
      eventually("every task succeeded", () -> {
        for (String id : ids) {
          assertThat(carol.get(id).state()).isEqualTo(TaskState.SUCCEEDED);
        }
      });
      String message = carol.get(ids.get(0)).progress().message();
      assertThat(message).hasSize(1_000).startsWith("x\uFFFDyzz").endsWith("z\u2026");
    }
  }

  @Nested
  class Configurations {
    @Test
    void savesAndUpdatesOutOfRangeAreRefused() {
      var configs = alice.configurations();
      refused("type", () -> configs.save(null, "No type", Args.of("n")));
      for (String name : Arrays.asList(null, "", " ", LONG_NAME, NUL)) {
        refused("name", () -> configs.save(ok, name, Args.of("n")));
        refused("name", () -> configs.rename(config.id(), name));
      }
      refused("arguments", () -> configs.save(ok, "No values", null));
      refused(
          PayloadTooLargeException.class,
          "arguments",
          () -> configs.save(ok, "Huge", Args.of("x".repeat(MAX_ARGUMENT_BYTES))));
      refused("arguments", () -> configs.update(ok, config.id(), null));
      refused("type", () -> configs.update(other, config.id(), Args.of("other type")));
      refused("configurationId", () -> configs.get(null));
      refused("configurationId", () -> configs.delete(null));
      refused("user", () -> m.admin().configurations().save(ok, "Admin's", Args.of("n")));
    }

    @Test
    void submitsFromAConfigurationWithBadOverridesAreRefused() {
      refused("type", () -> alice.submitFromConfiguration(null, config.id(), Map.of(), o -> {}));
      refused("configurationId", () -> alice.submitFromConfiguration(ok, null, Map.of(), o -> {}));
      refused("type", () -> alice.submitFromConfiguration(other, config.id(), Map.of(), o -> {}));
      refused(
          InvalidArgumentsException.class,
          "$.thing",
          () -> alice.submitFromConfiguration(
              ok, config.id(), Map.of("thing", new Object()), o -> {}));
      refused(
          InvalidArgumentsException.class,
          "$.n",
          () -> alice.submitFromConfiguration(ok, config.id(), Map.of("n", "many"), o -> {}));
      refused(
          PayloadTooLargeException.class,
          "arguments",
          () -> alice.submitFromConfiguration(
              ok, config.id(), Map.of("label", "x".repeat(MAX_ARGUMENT_BYTES)), o -> {}));
      Throwable missing = catchThrowable(
          () -> alice.submitFromConfiguration(ok, "no-such-configuration", Map.of(), o -> {}));
      assertThat(missing).isInstanceOf(ConfigurationNotFoundException.class);
      unchanged();
    }
  }

  @Nested
  class Schedules {
    @Test
    void schedulesAreCheckedWhereTheyAreMade() {
      for (long seconds : new long[] {0, -1, Long.MAX_VALUE, 3_650L * 86_400 + 1}) {
        refused(InvalidScheduleException.class, "seconds", () -> Schedule.everySeconds(seconds));
      }
      for (Duration period :
          Arrays.asList(null, Duration.ofMillis(999), Duration.ofNanos(1_500_000_001))) {
        refused(InvalidScheduleException.class, "period", () -> Schedule.every(period));
      }
      ZoneId utc = ZoneId.of("UTC");
      for (String cron : Arrays.asList(
          null,
          "",
          " ",
          "not a cron",
          "61 * * * *",
          "0 0 30 2 *",
          "* ".repeat(101),
          "0 3 * * *\0")) {
        refused(InvalidScheduleException.class, "cron", () -> Schedule.cron(cron, utc));
      }
      refused(InvalidScheduleException.class, "zone", () -> Schedule.cron("0 3 * * *", null));
      assertThatCode(() -> Schedule.everySeconds(3_650L * 86_400)).doesNotThrowAnyException();
    }

    @Test
    void entriesThatCouldNeverFireAreRefused() {
      var schedules = alice.schedules();
      Schedule hourly = Schedule.everySeconds(3600);
      refused("type", () -> schedules.create(null, Args.of("n"), hourly, o -> {}));
      refused("arguments", () -> schedules.create(ok, null, hourly, o -> {}));
      refused("schedule", () -> schedules.create(ok, Args.of("n"), null, o -> {}));
      refused(
          PayloadTooLargeException.class,
          "arguments",
          () -> schedules.create(ok, Args.of("x".repeat(MAX_ARGUMENT_BYTES)), hourly, o -> {}));
      refused(
          PayloadTooLargeException.class,
          "arguments",
          () -> schedules.createFromConfiguration(
              config.id(), Map.of("label", "x".repeat(MAX_ARGUMENT_BYTES)), hourly, o -> {}));
      refused(
          InvalidArgumentsException.class,
          "$.payload",
          () -> schedules.create(anything, new Anything("a", new Object()), hourly, o -> {}));
      for (String name : Arrays.asList(null, "", LONG_NAME, NUL)) {
        refused("name", () -> schedules.create(ok, Args.of("n"), hourly, o -> o.name(name)));
        refused("name", () -> schedules.edit(entry.id(), e -> e.name(name)));
      }
      refused("user", () -> m.admin().schedules().create(ok, Args.of("n"), hourly, o -> {}));
    }

    @Test
    void editsThatDoNotBindOrFitAreRefusedWhole() {
      var schedules = alice.schedules();
      refused("changes", () -> schedules.edit(entry.id(), null));
      refused("entryId", () -> schedules.edit(null, e -> e.name("x")));
      refused(
          InvalidArgumentsException.class,
          "$",
          () -> schedules.edit(entry.id(), e -> e.name("Renamed").arguments(new Anything("a", 1))));
      refused(
          PayloadTooLargeException.class,
          "arguments",
          () -> schedules.edit(
              entry.id(),
              e -> e.name("Renamed").arguments(Args.of("x".repeat(MAX_ARGUMENT_BYTES)))));
      Configuration others = alice.configurations().save(other, "Other", Args.of("o"));
      before = snapshot();
      refused(
          "configurationId",
          () -> schedules.edit(
              entry.id(), e -> e.name("Renamed").configuration(others.id(), Map.of())));
      refused("priority", () -> schedules.edit(entry.id(), e -> e.priority(null)));
    }
  }

  @Nested
  class TaskCalls {
    @Test
    void idsAreNotNullOrBlank() {
      for (String id : Arrays.asList(null, "", "  ")) {
        refused("taskId", () -> alice.get(id));
        refused("taskId", () -> alice.find(id));
        refused("taskId", () -> alice.stop(id));
        refused("taskId", () -> alice.delete(id));
        refused("taskId", () -> alice.recreate(id));
        refused("taskId", () -> alice.executions(id));
        refused("taskId", () -> alice.edit(id, e -> e.name("x")));
        refused("taskId", () -> alice.result(id, String.class));
        refused("taskId", () -> m.admin().stop(id));
      }
      refused("taskIds", () -> alice.get((List<String>) null));
      refused("taskId", () -> alice.stop(Arrays.asList(taskId, null)));
      refused("taskId", () -> alice.delete(Arrays.asList(taskId, " ")));
    }

    @Test
    void otherParametersAreCheckedToo() {
      refused("resultType", () -> alice.result(taskId, null));
      refused("changes", () -> alice.edit(taskId, null));
      refused("name", () -> alice.edit(taskId, e -> e.name(LONG_NAME)));
      refused("description", () -> alice.edit(taskId, e -> e.description("d".repeat(4_001))));
      refused(
          "link",
          () -> alice.edit(taskId, e -> e.link(URI.create("https://x.org/" + "p".repeat(2_000)))));
      refused("priority", () -> alice.edit(taskId, e -> e.priority(null)));
      refused("timeout", () -> alice.awaitFinished(taskId, null));
      refused("timeout", () -> alice.awaitFinished(taskId, Duration.ofSeconds(-1)));
      refused("listener", () -> alice.subscribe(null));
      refused("query", () -> alice.list(null));
      refused("query", () -> alice.stop((TaskQuery) null));
    }
  }

  @Nested
  class Queries {
    @Test
    void filtersAndPagesOutOfRangeAreRefused() {
      refused("typeNames", () -> TaskQuery.mine().type((String[]) null));
      refused("typeNames", () -> TaskQuery.mine().type("ok", null));
      refused("states", () -> TaskQuery.mine().state((TaskState[]) null));
      refused("states", () -> TaskQuery.mine().state(TaskState.RUNNING, null));
      refused("sort", () -> TaskQuery.mine().sortBy(null, true));
      refused("offset", () -> TaskQuery.mine().page(-1, 10));
      refused("limit", () -> TaskQuery.mine().page(0, 0));
      refused("limit", () -> TaskQuery.mine().page(0, TaskQuery.MAX_LIMIT + 1));
      Instant now = Instant.now();
      refused("createdTo", () -> TaskQuery.mine().createdBetween(now, now.minusSeconds(1)));
      refused("finishedTo", () -> TaskQuery.mine().finishedBetween(now, now.minusSeconds(1)));
      refused("ranTo", () -> TaskQuery.mine().ranBetween(now, now.minusSeconds(1)));
    }

    @Test
    void duplicatesAndUnboundedPeriodsAreAccepted() {
      TaskQuery q = TaskQuery.mine()
          .type("ok", "ok")
          .state(TaskState.SCHEDULED, TaskState.SCHEDULED)
          .createdBetween(Instant.MIN, Instant.MAX);
      assertThat(alice.list(q).items()).extracting(Task::id).containsExactly(taskId);
      assertThat(alice
              .list(TaskQuery.mine().finishedBetween(Instant.EPOCH, Instant.MAX))
              .items())
          .isEmpty();
      unchanged();
    }
  }

  @Nested
  class Builders {
    @Test
    void theManagersBuilderRefusesNullsAndBuildsOnce() {
      refused("store", () -> TaskManager.builder().store(null));
      refused("executor", () -> TaskManager.builder().executor(null));
      refused("clock", () -> TaskManager.builder().clock((Clock) null));
      refused("types", () -> TaskManager.builder().register((TaskDefinition<?, ?>[]) null));
      refused("types", () -> TaskManager.builder().register(ok, null));
      refused("register", () -> TaskManager.builder().register(ok, ok));
      refused("nodeId", () -> TaskManager.builder().nodeId(NUL));
      refused(
          "leaseDuration",
          () -> TaskManager.builder().leaseDuration(Duration.ofSeconds(Long.MAX_VALUE)));
      refused("maxArgumentBytes", () -> TaskManager.builder().maxArgumentBytes(0));
      refused("maxResultBytes", () -> TaskManager.builder().maxResultBytes(-1));

      TaskManager.Builder b =
          TaskManager.builder().store(ManagerFixtures.keptOpen(store)).register(ok);
      managers.add(b.build());
      refused("builder", b::build);
      refused("builder", () -> b.register(other));
    }

    @Test
    void taskTypesAndRetryPoliciesRefuseNullsAndOutOfRange() {
      refused("name", () -> TaskDefinition.of("Not Valid", Args.class));
      refused("name", () -> TaskDefinition.of(null, Args.class));
      refused("argumentType", () -> TaskDefinition.of("x", null));
      refused("resultType", () -> TaskDefinition.of("x", Args.class, null));
      var builder = TaskDefinition.of("x", Args.class);
      refused("handler", () -> builder.handler(null));
      refused("retry", () -> builder.retry(null));
      refused("advisor", () -> builder.advisor(null));
      refused("priority", () -> builder.defaultPriority(null));
      refused("timeout", () -> builder.timeout(null));
      refused("handler", builder::build);
      refused("maxAttempts", () -> RetryPolicy.exponential(0, Duration.ofSeconds(1)));
      refused("initialDelay", () -> RetryPolicy.exponential(3, null));
      refused("initialDelay", () -> RetryPolicy.exponential(3, Duration.ofSeconds(Long.MAX_VALUE)));
      RetryPolicy policy = RetryPolicy.exponential(3, Duration.ofSeconds(1));
      refused("types", () -> policy.retryOn((Class<? extends Throwable>[]) null));
      refused("types", () -> policy.retryOn(IllegalStateException.class, null));
      refused("retryOn", () -> policy.retryOn((Predicate<Throwable>) null));
      refused("maxDelay", () -> policy.withMaxDelay(null));
      refused("jitter", () -> policy.withJitter(1.5));
      assertThat(policy
              .retryOn(IllegalStateException.class, IllegalStateException.class)
              .shouldRetry(1, new IllegalStateException()))
          .isTrue();
    }
  }
}
