package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitLatch;
import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static io.btmanager.testkit.contract.Racing.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.btmanager.core.BulkResult;
import io.btmanager.core.SubmitOptions;
import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.TasksView;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.Advice;
import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.ConfigurationInUseException;
import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.IllegalTaskStateException;
import io.btmanager.core.exception.InvalidArgumentsException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.InvalidScheduleException;
import io.btmanager.core.exception.NotFoundException;
import io.btmanager.core.exception.PayloadTooLargeException;
import io.btmanager.core.exception.ScheduleEntryNotFoundException;
import io.btmanager.core.exception.TaskNotFoundException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import io.btmanager.core.query.Page;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualClock;
import io.btmanager.testkit.ManualExecutor;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@code DESIGN.md}, run through the public API of a whole {@link TaskManager} on a
 * store and an executor. Every combination of backends passes it with one thin subclass:
 *
 * <pre>{@code
 * class H2LocalManagerContractTest extends TaskManagerContract {
 *   protected TaskStore createStore(Clock clock) { return JdbcTaskStore.h2(tempDir); }
 *   protected TaskExecutor createExecutor() { return LocalExecutor.threads(4); }
 * }
 * }</pre>
 *
 * <p>Each test builds its managers on one store, with short leases and intervals, and waits with
 * bounded polls (never sleeps). Clock-driven behaviour (retry backoff, schedule entries, retention)
 * runs on a {@link ManualClock} that starts at the real time and is moved by the test; stores that
 * judge time by their own clock (SQL {@code now()}) see the same order of events, only later.
 */
public abstract class TaskManagerContract {

  /** A fresh, empty store; {@code clock} is the managers' clock (a store may ignore it). */
  protected abstract TaskStore createStore(Clock clock);

  /** A fresh executor, not started. */
  protected abstract TaskExecutor createExecutor();

  private Clock clock = Clock.systemUTC();
  private TaskStore store;
  private final List<TaskManager> managers = new ArrayList<>();
  private int nodes;

  /** Opens every gated task (and is opened at the end of each test). */
  private final CountDownLatch gate = new CountDownLatch(1);

  private final Set<String> gatedStarted = ConcurrentHashMap.newKeySet();
  private final CountDownLatch hangStarted = new CountDownLatch(1);

  final TaskDefinition<Args, String> ok = TestTaskTypes.succeeds("ok");
  final TaskDefinition<Args, String> other = TestTaskTypes.succeeds("other");
  final TaskDefinition<Args, String> fails = TestTaskTypes.alwaysFails("fails");
  final TaskDefinition<Args, String> flaky = TestTaskTypes.failsThenSucceeds("flaky", 2);
  final TaskDefinition<Args, String> progressing = TestTaskTypes.reportsProgress("progress");
  final TaskDefinition<Args, String> hangs =
      TestTaskTypes.hangsUntilCancelled("hangs", hangStarted);

  /** Records that it started, then waits for the gate. */
  final TaskDefinition<Args, String> gated = TaskDefinition.of("gated", Args.class, String.class)
      .handler((ctx, a) -> {
        gatedStarted.add(ctx.taskId());
        gate.await();
        return a.label();
      })
      .build();

  /** Reports one of two steps, then waits for the gate. */
  final TaskDefinition<Args, String> halfway = TaskDefinition.of(
          "halfway", Args.class, String.class)
      .handler((ctx, a) -> {
        ctx.progress(1, 2, "first half done");
        gate.await();
        ctx.progress(2, 2, "done");
        return a.label();
      })
      .build();

  /** Rejects its arguments, with a retry policy that would otherwise retry. */
  final TaskDefinition<Args, String> rejects = TaskDefinition.of(
          "rejects", Args.class, String.class)
      .retry(RetryPolicy.exponential(3, Duration.ofMillis(10)).withJitter(0))
      .handler((ctx, a) -> {
        throw new IllegalArgumentException("width must be positive, was " + a.n());
      })
      .build();

  /** Fails with an error its own advisor explains. */
  final TaskDefinition<Args, String> advised = TaskDefinition.of(
          "advised", Args.class, String.class)
      .advisor(e -> e instanceof IllegalStateException
          ? Optional.of(new Advice(
              "Your monthly quota of conversions is used up.",
              "Wait until the first of next month, or ask for a larger quota.",
              false))
          : Optional.empty())
      .handler((ctx, a) -> {
        throw new IllegalStateException("quota exceeded for '" + a.label() + "'");
      })
      .build();

  /** Waits for the gate, far longer than its 200 ms timeout. */
  final TaskDefinition<Args, String> slow = TaskDefinition.of("slow", Args.class, String.class)
      .timeout(Duration.ofMillis(200))
      .handler((ctx, a) -> {
        gate.await();
        return a.label();
      })
      .build();

  // ------------------------------------------------------------------------------- fixtures

  /** Makes this test run on a {@link ManualClock} standing at the real time; call it first. */
  protected final ManualClock useManualClock() {
    if (store != null) {
      throw new IllegalStateException("choose the clock before the first manager is built");
    }
    ManualClock manual = ManualClock.at(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    clock = manual;
    return manual;
  }

  /** The test's store, created on first use; managers get a view of it they cannot close. */
  private TaskStore store() {
    if (store == null) {
      store = createStore(clock);
    }
    return store;
  }

  /** A manager with a fresh executor and the suite's short intervals. */
  protected final TaskManager manager() {
    return manager(b -> {});
  }

  /** A manager with a fresh executor, the suite's short intervals, and {@code custom} on top. */
  protected final TaskManager manager(Consumer<TaskManager.Builder> custom) {
    return build(createExecutor(), custom);
  }

  /** A manager on the test's store with {@code executor} (null: a node that only submits). */
  protected final TaskManager build(TaskExecutor executor, Consumer<TaskManager.Builder> custom) {
    return buildWith(
        executor,
        custom,
        ok,
        other,
        fails,
        flaky,
        progressing,
        hangs,
        gated,
        halfway,
        rejects,
        advised,
        slow);
  }

  /** A manager on the test's store that registers only {@code types}. */
  protected final TaskManager buildWith(
      TaskExecutor executor, Consumer<TaskManager.Builder> custom, TaskDefinition<?, ?>... types) {
    TaskManager.Builder b = TaskManager.builder()
        .store(ManagerFixtures.keptOpen(store()))
        .clock(clock)
        .nodeId("contract-node-" + (++nodes))
        .leaseDuration(Duration.ofSeconds(2))
        .heartbeatInterval(Duration.ofMillis(200))
        .sweepInterval(Duration.ofMillis(200))
        .pollInterval(Duration.ofMillis(50))
        .scheduleCheckInterval(Duration.ofMillis(50))
        .shutdownGrace(Duration.ofMillis(200))
        .register(types);
    if (executor != null) {
      b.executor(executor);
    }
    custom.accept(b);
    TaskManager m = b.build();
    managers.add(m);
    return m;
  }

  @AfterEach
  void closeManagersAndStore() {
    gate.countDown();
    List<Throwable> failures = new ArrayList<>();
    for (int i = managers.size() - 1; i >= 0; i--) {
      try {
        managers.get(i).close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (store != null) {
      store.close();
    }
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError("closing a manager failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  /** Submit options that keep a task waiting (SCHEDULED) for an hour. */
  private Consumer<SubmitOptions> waiting() {
    Instant later = clock.instant().plus(Duration.ofHours(1));
    return o -> o.startAt(later);
  }

  private static Task awaitState(TasksView view, String id, TaskState state) {
    eventually(
        "task " + id + " becomes " + state,
        () -> assertThat(view.get(id).state()).isEqualTo(state));
    return view.get(id);
  }

  private static List<TaskOutcome> outcomes(BulkResult r) {
    return r.results().stream().map(TaskResult::outcome).toList();
  }

  private static List<String> ids(Page<Task> page) {
    return page.items().stream().map(Task::id).toList();
  }

  /** A definition as the untyped callers (JSON clients) see it, to pass values of any class. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TaskDefinition<Object, ?> rawType(TaskDefinition<?, ?> d) {
    return (TaskDefinition) d;
  }

  private static String missingId() {
    return UUID.randomUUID().toString();
  }

  /** Listens to one user's events. */
  private static final class Recorder implements AutoCloseable {
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

  // ------------------------------------------------------------------------------- rule 1

  /** Rule 1: a task that is not yours behaves exactly like one that does not exist. */
  @Nested
  class Rule1_Ownership {

    @Test
    void anotherUsersTaskLooksExactlyLikeAMissingOne() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      UserTasks bob = m.forUser("bob");
      String id = alice
          .submit(ok, Args.of("private"), waiting().andThen(o -> o.name("Mine")))
          .id();
      String missing = missingId();

      List<ThrowingCall> calls = List.of(
          bob::get,
          bob::executions,
          x -> bob.edit(x, e -> e.name("Taken over")),
          x -> bob.result(x, String.class));
      for (ThrowingCall call : calls) {
        Throwable foreign = catchThrowable(() -> call.call(id));
        Throwable absent = catchThrowable(() -> call.call(missing));
        assertThat(foreign).isExactlyInstanceOf(TaskNotFoundException.class);
        assertThat(absent).isExactlyInstanceOf(TaskNotFoundException.class);
        assertThat(foreign.getMessage().replace(id, "<id>"))
            .isEqualTo(absent.getMessage().replace(missing, "<id>"));
        assertThat(((TaskNotFoundException) foreign).id()).isEqualTo(id);
      }
      assertThat(bob.find(id)).isEmpty();

      for (TaskResult r : List.of(
          bob.stop(id), bob.delete(id), bob.recreate(id), bob.get(List.of(id)).single())) {
        assertThat(r).isEqualTo(new TaskResult(id, TaskOutcome.NOT_FOUND, null));
      }
      assertThat(bob.stop(missing)).isEqualTo(new TaskResult(missing, TaskOutcome.NOT_FOUND, null));

      Task unchanged = alice.get(id);
      assertThat(unchanged.state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(unchanged.owners()).containsExactly("alice");
      assertThat(unchanged.name()).isEqualTo("Mine");
    }

    @Test
    void listingsShowOnlyOwnTasksAndTheAdminSeesAll() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      UserTasks bob = m.forUser("bob");
      String a1 = alice.submit(ok, Args.of("a1"), waiting()).id();
      String a2 = alice.submit(ok, Args.of("a2"), waiting()).id();
      String b1 = bob.submit(ok, Args.of("b1"), waiting()).id();

      Page<Task> mine = alice.list(TaskQuery.mine());
      assertThat(ids(mine)).containsExactlyInAnyOrder(a1, a2);
      assertThat(mine.total()).isEqualTo(2);
      assertThat(ids(bob.list(TaskQuery.mine()))).containsExactly(b1);
      Page<Task> all = m.admin().list(TaskQuery.all());
      assertThat(ids(all)).containsExactlyInAnyOrder(a1, a2, b1);
      assertThat(all.total()).isEqualTo(3);
      assertThat(m.admin().get(b1).owners()).containsExactly("bob");
      assertThat(ids(m.forUser("carol").list(TaskQuery.mine()))).isEmpty();
    }

    @Test
    void theAdminStopsAndDeletesForAllOwners() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(ok, Args.of("shared"), waiting()).id();
      m.forUser("bob").submit(ok, Args.of("shared"), waiting());

      assertThat(m.admin().stop(id).outcome()).isEqualTo(TaskOutcome.CANCELLED);
      assertThat(alice.get(id).state()).isEqualTo(TaskState.CANCELLED);
      assertThat(m.admin().delete(id).outcome()).isEqualTo(TaskOutcome.DELETED);
      assertThat(alice.find(id)).isEmpty();
      assertThat(m.forUser("bob").find(id)).isEmpty();
    }
  }

  /** A call made with one id, for comparing how a foreign and a missing id behave. */
  @FunctionalInterface
  private interface ThrowingCall {
    Object call(String id) throws Exception;
  }

  // ------------------------------------------------------------------------------- rule 2

  /** Rule 2: an identical active task is joined, never doubled, under any concurrency. */
  @Nested
  class Rule2_Deduplication {

    @Test
    void anIdenticalSubmitByAnotherUserJoinsTheActiveTask() {
      TaskManager m = manager();
      Submitted<String> first = m.forUser("alice").submit(ok, Args.of("same"), waiting());
      Submitted<String> second = m.forUser("bob").submit(ok, Args.of("same"), waiting());

      assertThat(first.joined()).isFalse();
      assertThat(second.joined()).isTrue();
      assertThat(second.id()).isEqualTo(first.id());
      assertThat(second.task().owners()).containsExactlyInAnyOrder("alice", "bob");
      assertThat(m.forUser("alice").get(first.id()).owners())
          .containsExactlyInAnyOrder("alice", "bob");
      assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(1);

      Submitted<String> different = m.forUser("bob").submit(ok, Args.of("other"), waiting());
      assertThat(different.joined()).isFalse();
      assertThat(different.id()).isNotEqualTo(first.id());
      Submitted<String> otherType = m.forUser("bob").submit(other, Args.of("same"), waiting());
      assertThat(otherType.joined()).isFalse();
    }

    @Test
    void sixtyFourSimultaneousSubmitsMakeOneTaskWithSixtyFourOwners() {
      TaskManager m = manager();
      Consumer<SubmitOptions> later = waiting();
      List<Submitted<String>> results =
          race(64, i -> m.forUser("user-" + i).submit(ok, Args.of("stampede"), later));

      Set<String> distinctIds = Set.copyOf(results.stream().map(Submitted::id).toList());
      assertThat(distinctIds).hasSize(1);
      assertThat(results.stream().filter(s -> !s.joined()).count()).isEqualTo(1);
      String id = distinctIds.iterator().next();
      Task task = m.admin().get(id);
      assertThat(task.owners()).hasSize(64);
      for (int i = 0; i < 64; i++) {
        assertThat(task.owners()).contains("user-" + i);
      }
      assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(1);
    }

    @Test
    void argumentsAreCanonicalisedBeforeKeying() {
      TaskManager m = manager();
      Submitted<String> typed = m.forUser("bob").submit(ok, new Args("canon", 7), waiting());
      Configuration base =
          m.forUser("alice").configurations().save(ok, "base", new Args("base", 1));
      // Keys in another order, a floating-point number equal to 7: the same canonical arguments.
      Submitted<String> fromMap = m.forUser("alice")
          .submitFromConfiguration(ok, base.id(), Map.of("n", 7.0, "label", "canon"), waiting());

      assertThat(fromMap.joined()).isTrue();
      assertThat(fromMap.id()).isEqualTo(typed.id());
      assertThat(fromMap.task().dedupKey()).isEqualTo(typed.task().dedupKey());
      assertThat(fromMap.task().owners()).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void aFinishedTaskDoesNotBlockANewOne() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String first = alice.submit(ok, Args.of("again")).id();
      awaitState(alice, first, TaskState.SUCCEEDED);

      Submitted<String> second = alice.submit(ok, Args.of("again"));
      assertThat(second.joined()).isFalse();
      assertThat(second.id()).isNotEqualTo(first);
      assertThat(second.task().dedupKey()).isEqualTo(alice.get(first).dedupKey());
      awaitState(alice, second.id(), TaskState.SUCCEEDED);
    }
  }

  // ------------------------------------------------------------------------------- rule 3

  /** Rule 3: one owner's stop or delete never destroys a task its other owners still want. */
  @Nested
  class Rule3_SharedTasks {

    @Test
    void stopByOneOfTwoOwnersDetachesAndTheTaskSucceedsForTheOther() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      UserTasks bob = m.forUser("bob");
      String id = alice.submit(gated, Args.of("shared")).id();
      assertThat(bob.submit(gated, Args.of("shared")).joined()).isTrue();
      eventually("the shared task starts", () -> assertThat(gatedStarted).contains(id));

      assertThat(bob.stop(id).outcome()).isEqualTo(TaskOutcome.DETACHED);
      assertThat(bob.find(id)).isEmpty();
      Task afterStop = alice.get(id);
      assertThat(afterStop.state()).isEqualTo(TaskState.RUNNING);
      assertThat(afterStop.owners()).containsExactly("alice");

      gate.countDown();
      Task done = awaitState(alice, id, TaskState.SUCCEEDED);
      assertThat(done.owners()).containsExactly("alice");
      assertThat(alice.result(id, String.class)).contains("shared");
    }

    @Test
    void theSoleOwnersStopCancelsAWaitingTask() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(ok, Args.of("waiting"), waiting()).id();

      TaskResult r = alice.stop(id);
      assertThat(r.outcome()).isEqualTo(TaskOutcome.CANCELLED);
      assertThat(r.task().state()).isEqualTo(TaskState.CANCELLED);
      Task t = alice.get(id);
      assertThat(t.state()).isEqualTo(TaskState.CANCELLED);
      assertThat(t.finishedAt()).isNotNull();
      assertThat(t.error().kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(alice.stop(id).outcome()).isEqualTo(TaskOutcome.ALREADY_FINISHED);
    }

    @Test
    void theSoleOwnersStopOfARunningTaskRequestsCancelAndItEndsCancelled() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(hangs, Args.of("forever")).id();
      awaitLatch("the hanging task starts", hangStarted);
      awaitState(alice, id, TaskState.RUNNING);

      assertThat(alice.stop(id).outcome()).isEqualTo(TaskOutcome.CANCEL_REQUESTED);
      Task t = awaitState(alice, id, TaskState.CANCELLED);
      assertThat(t.error().kind()).isEqualTo(ErrorKind.CANCELLED);
      List<Execution> executions = alice.executions(id);
      assertThat(executions).hasSize(1);
      assertThat(executions.get(0).outcome()).isEqualTo(ExecutionOutcome.CANCELLED);
    }

    @Test
    void deleteByOneOfTwoOwnersDetachesAndTheLastOwnersDeletePurges() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      UserTasks bob = m.forUser("bob");
      String id = alice.submit(ok, Args.of("kept"), waiting()).id();
      bob.submit(ok, Args.of("kept"), waiting());

      assertThat(alice.delete(id).outcome()).isEqualTo(TaskOutcome.DETACHED);
      assertThat(alice.find(id)).isEmpty();
      Task forBob = bob.get(id);
      assertThat(forBob.owners()).containsExactly("bob");
      assertThat(forBob.state()).isEqualTo(TaskState.SCHEDULED);

      assertThat(bob.delete(id).outcome()).isEqualTo(TaskOutcome.DELETED);
      assertThatThrownBy(() -> bob.get(id)).isInstanceOf(TaskNotFoundException.class);
      assertThat(m.admin().find(id)).isEmpty();
      assertThat(bob.delete(id).outcome()).isEqualTo(TaskOutcome.NOT_FOUND);
    }

    @Test
    void deletingARunningTaskAsItsLastOwnerStopsAndPurgesIt() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(hangs, Args.of("doomed")).id();
      awaitLatch("the hanging task starts", hangStarted);

      assertThat(alice.delete(id).outcome()).isEqualTo(TaskOutcome.DELETED);
      assertThat(m.admin().find(id)).isEmpty();
      // the handler was told to stop; whatever it writes later is refused
      eventually(
          "the deleted task is not resurrected",
          () ->
              assertThat(m.admin().list(TaskQuery.all().type("hangs")).total()).isZero());
    }

    @Test
    void bulkResultsSayPerIdWhatHappened() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      UserTasks bob = m.forUser("bob");
      String shared = alice.submit(ok, Args.of("shared"), waiting()).id();
      bob.submit(ok, Args.of("shared"), waiting());
      String sole = alice.submit(ok, Args.of("sole"), waiting()).id();
      String finished = alice.submit(ok, Args.of("finished")).id();
      awaitState(alice, finished, TaskState.SUCCEEDED);
      String missing = missingId();

      BulkResult stopped = alice.stop(List.of(shared, sole, finished, missing));
      assertThat(stopped.results())
          .extracting(TaskResult::taskId)
          .containsExactly(shared, sole, finished, missing);
      assertThat(outcomes(stopped))
          .containsExactly(
              TaskOutcome.DETACHED,
              TaskOutcome.CANCELLED,
              TaskOutcome.ALREADY_FINISHED,
              TaskOutcome.NOT_FOUND);
      assertThat(bob.get(shared).state()).isEqualTo(TaskState.SCHEDULED);

      String shared2 = alice.submit(ok, Args.of("shared-2"), waiting()).id();
      bob.submit(ok, Args.of("shared-2"), waiting());
      BulkResult deleted = alice.delete(List.of(shared2, sole, missing, finished));
      assertThat(outcomes(deleted))
          .containsExactly(
              TaskOutcome.DETACHED,
              TaskOutcome.DELETED,
              TaskOutcome.NOT_FOUND,
              TaskOutcome.DELETED);
      assertThat(deleted.count(TaskOutcome.DELETED)).isEqualTo(2);
      assertThat(ids(bob.list(TaskQuery.mine()))).containsExactlyInAnyOrder(shared, shared2);
      assertThat(alice.list(TaskQuery.mine()).total()).isZero();
    }
  }

  // ------------------------------------------------------------------------------- rule 4

  /** Rule 4: a finished task runs again on request; rule 2 still holds. */
  @Nested
  class Rule4_Recreate {

    @Test
    void recreatingAFinishedTaskCreatesANewOneWithTheSameArguments() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice
          .submit(fails, Args.of("retry-me"), o -> o.name("Import").priority(Priority.HIGH))
          .id();
      Task failed = awaitState(alice, id, TaskState.FAILED);

      TaskResult r = alice.recreate(id);
      assertThat(r.outcome()).isEqualTo(TaskOutcome.CREATED);
      assertThat(r.taskId()).isEqualTo(id);
      Task again = r.task();
      assertThat(again.id()).isNotEqualTo(id);
      assertThat(again.type()).isEqualTo("fails");
      assertThat(again.argumentsJson()).isEqualTo(failed.argumentsJson());
      assertThat(again.dedupKey()).isEqualTo(failed.dedupKey());
      assertThat(again.name()).isEqualTo("Import");
      assertThat(again.priority()).isEqualTo(Priority.HIGH);
      assertThat(again.owners()).containsExactly("alice");
      awaitState(alice, again.id(), TaskState.FAILED);
      assertThat(alice.get(id).state()).isEqualTo(TaskState.FAILED);
    }

    @Test
    void recreatingWhileAnIdenticalTaskIsActiveJoinsIt() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String first = alice.submit(ok, Args.of("twice")).id();
      awaitState(alice, first, TaskState.SUCCEEDED);
      String active = m.forUser("bob").submit(ok, Args.of("twice"), waiting()).id();

      TaskResult r = alice.recreate(first);
      assertThat(r.outcome()).isEqualTo(TaskOutcome.JOINED);
      assertThat(r.task().id()).isEqualTo(active);
      assertThat(m.admin().get(active).owners()).containsExactlyInAnyOrder("alice", "bob");
      assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(2);
    }

    @Test
    void recreatingAnActiveTaskIsRefusedAsNotFinished() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(ok, Args.of("busy"), waiting()).id();
      String missing = missingId();

      BulkResult r = alice.recreate(List.of(id, missing));
      assertThat(outcomes(r)).containsExactly(TaskOutcome.NOT_FINISHED, TaskOutcome.NOT_FOUND);
      assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(1);
    }

    @Test
    void aTaskWhoseConfigurationWasDeletedIsRecreatedFromItsOwnArgumentsPerId() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      Configuration c = alice.configurations().save(ok, "Preset", new Args("preset", 3));
      String fromConfig =
          alice.submitFromConfiguration(ok, c.id(), Map.of("n", 4), o -> {}).id();
      Task done = awaitState(alice, fromConfig, TaskState.SUCCEEDED);
      String plain = alice.submit(ok, Args.of("plain")).id();
      awaitState(alice, plain, TaskState.SUCCEEDED);
      alice.configurations().delete(c.id()); // rule 10: no active task uses it any more
      String active = alice.submit(ok, Args.of("busy"), waiting()).id();

      BulkResult r = alice.recreate(List.of(fromConfig, active, plain));

      assertThat(outcomes(r))
          .containsExactly(TaskOutcome.CREATED, TaskOutcome.NOT_FINISHED, TaskOutcome.CREATED);
      Task again = r.results().get(0).task();
      assertThat(again.argumentsJson()).isEqualTo(done.argumentsJson());
      assertThat(again.configurationId()).isNull();
      assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(5);
    }
  }

  // ------------------------------------------------------------------------------- rule 5

  /** Rule 5: finished runs of the same arguments form a group a listing can collapse. */
  @Nested
  class Rule5_DuplicateGroups {

    @Test
    void aCollapsedListingShowsTheLatestRunWithItsGroupSize() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String id = alice.submit(ok, Args.of("report")).id();
        awaitState(alice, id, TaskState.SUCCEEDED);
        runs.add(id);
      }
      assertThat(Set.copyOf(runs)).hasSize(3);
      String single = alice.submit(ok, Args.of("single")).id();
      awaitState(alice, single, TaskState.SUCCEEDED);

      Page<Task> collapsed = alice.list(TaskQuery.mine().collapseDuplicates());
      assertThat(collapsed.items()).hasSize(2);
      Task group = collapsed.items().stream()
          .filter(t -> !t.id().equals(single))
          .findFirst()
          .orElseThrow();
      assertThat(group.id()).isEqualTo(runs.get(2));
      assertThat(group.groupSize()).isEqualTo(3);
      Task alone = collapsed.items().stream()
          .filter(t -> t.id().equals(single))
          .findFirst()
          .orElseThrow();
      assertThat(alone.groupSize()).isEqualTo(1);

      Page<Task> full = alice.list(TaskQuery.mine());
      assertThat(ids(full))
          .containsExactlyInAnyOrder(runs.get(0), runs.get(1), runs.get(2), single);
      assertThat(full.items()).allSatisfy(t -> assertThat(t.groupSize()).isEqualTo(1));
      assertThat(alice.get(runs.get(0)).state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }

  // ------------------------------------------------------------------------------- rule 6

  /** Rule 6: a pending task knows how many runnable tasks are claimed before it. */
  @Nested
  class Rule6_QueuePosition {

    @Test
    void positionsFollowPriorityThenSubmissionOrderAndMoveOnEdit() {
      TaskExecutor executor = createExecutor();
      int slots = executor.concurrency();
      TaskManager m = build(executor, b -> {});
      UserTasks alice = m.forUser("alice");
      List<String> fill = new ArrayList<>();
      for (int i = 0; i < slots; i++) {
        fill.add(alice.submit(gated, Args.of("fill-" + i)).id());
      }
      eventually(
          "every executor slot is busy",
          () -> assertThat(gatedStarted).containsExactlyInAnyOrderElementsOf(fill));

      String low =
          alice.submit(ok, Args.of("low"), o -> o.priority(Priority.LOW)).id();
      String medium =
          alice.submit(ok, Args.of("medium"), o -> o.priority(Priority.MEDIUM)).id();
      String high =
          alice.submit(ok, Args.of("high"), o -> o.priority(Priority.HIGH)).id();
      String lowToo =
          alice.submit(ok, Args.of("low-too"), o -> o.priority(Priority.LOW)).id();

      assertThat(alice.get(high).queuePosition()).isZero();
      assertThat(alice.get(medium).queuePosition()).isEqualTo(1);
      assertThat(alice.get(low).queuePosition()).isEqualTo(2);
      assertThat(alice.get(lowToo).queuePosition()).isEqualTo(3);
      assertThat(alice.get(fill.get(0)).position()).isEmpty();
      assertThat(alice.get(high).state()).isEqualTo(TaskState.PENDING);

      Task edited = alice.edit(low, e -> e.priority(Priority.HIGH));
      assertThat(edited.priority()).isEqualTo(Priority.HIGH);
      assertThat(alice.get(low).queuePosition()).isZero();
      assertThat(alice.get(high).queuePosition()).isEqualTo(1);
      assertThat(alice.get(medium).queuePosition()).isEqualTo(2);
      assertThat(alice.get(lowToo).queuePosition()).isEqualTo(3);

      assertThatThrownBy(() -> alice.edit(fill.get(0), e -> e.priority(Priority.LOW)))
          .isInstanceOf(IllegalTaskStateException.class);
      String waitingLater = alice.submit(ok, Args.of("later"), waiting()).id();
      assertThat(alice.get(waitingLater).position()).isEmpty();

      gate.countDown();
      for (String id : List.of(low, medium, high, lowToo)) {
        awaitState(alice, id, TaskState.SUCCEEDED);
      }
    }
  }

  // ------------------------------------------------------------------------------- rule 7

  /** Rule 7: listeners see every progress report in order; running tasks have an ETA. */
  @Nested
  class Rule7_ProgressAndEta {

    @Test
    void subscribersSeeEveryProgressReportInOrderThenSuccess() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      try (Recorder recorder = new Recorder(alice)) {
        String id = alice.submit(progressing, new Args("steps", 5)).id();
        eventually(
            "the SUCCEEDED event arrives",
            () -> assertThat(recorder.kinds(id)).contains(TaskEventKind.SUCCEEDED));

        List<TaskEvent> events = recorder.of(id);
        assertThat(events.get(0).kind()).isEqualTo(TaskEventKind.CREATED);
        assertThat(events.get(events.size() - 1).kind()).isEqualTo(TaskEventKind.SUCCEEDED);
        List<Long> done = events.stream()
            .filter(e -> e.kind() == TaskEventKind.PROGRESS)
            .map(e -> e.task().progress().done())
            .toList();
        assertThat(done).containsExactly(1L, 2L, 3L, 4L, 5L);
        List<TaskEventKind> kinds = recorder.kinds(id);
        assertThat(kinds.indexOf(TaskEventKind.STARTED))
            .isLessThan(kinds.indexOf(TaskEventKind.PROGRESS));
        assertThat(events.get(events.size() - 1).task().progress().done()).isEqualTo(5);
        assertThat(events).allSatisfy(e -> assertThat(e.taskId()).isEqualTo(id));
      }
      assertThat(m.forUser("bob").list(TaskQuery.mine()).total()).isZero();
    }

    @Test
    void aRunningTaskHalfDoneHasAnEtaInTheFuture() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(halfway, Args.of("half")).id();
      eventually("the task reports half its work", () -> {
        Task t = alice.get(id);
        assertThat(t.state()).isEqualTo(TaskState.RUNNING);
        assertThat(t.progress().done()).isEqualTo(1);
      });

      Instant before = Instant.now();
      Task t = alice.get(id);
      assertThat(t.progress().total()).isEqualTo(2);
      assertThat(t.progress().message()).isEqualTo("first half done");
      assertThat(t.progress().percent()).isEqualTo(50);
      assertThat(t.estimatedCompletion())
          .hasValueSatisfying(eta -> assertThat(eta).isAfter(before));
      assertThat(t.position()).isEmpty();

      gate.countDown();
      Task done = awaitState(alice, id, TaskState.SUCCEEDED);
      assertThat(done.progress().done()).isEqualTo(2);
      assertThat(done.estimatedCompletion()).isEmpty();
    }
  }

  // ------------------------------------------------------------------------------- rule 8

  /** Rule 8: a failed task says, in words a person can act on, what went wrong. */
  @Nested
  class Rule8_Errors {

    @Test
    void anIoFailureCarriesDefaultAdviceAndTheTechnicalDetail() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(fails, Args.of("report.csv")).id();
      Task t = awaitState(alice, id, TaskState.FAILED);

      TaskError e = t.failure().orElseThrow();
      assertThat(e.kind()).isEqualTo(ErrorKind.IO);
      assertThat(e.summary()).isNotBlank();
      assertThat(e.action()).isNotBlank();
      assertThat(e.retryable()).isTrue();
      assertThat(e.detail())
          .contains(IOException.class.getName())
          .contains("the file 'report.csv' cannot be read");
      assertThat(e.summary()).doesNotContain("IOException");
      assertThat(t.finishedAt()).isNotNull();
      assertThat(t.attempt()).isEqualTo(1);
      List<Execution> executions = alice.executions(id);
      assertThat(executions).singleElement().satisfies(x -> {
        assertThat(x.outcome()).isEqualTo(ExecutionOutcome.FAILED);
        assertThat(x.attempt()).isEqualTo(1);
        assertThat(x.error()).isEqualTo(e);
      });
    }

    @Test
    void theTypesOwnAdvisorIsUsed() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(advised, Args.of("convert")).id();
      TaskError e = awaitState(alice, id, TaskState.FAILED).error();

      assertThat(e.summary()).isEqualTo("Your monthly quota of conversions is used up.");
      assertThat(e.action())
          .isEqualTo("Wait until the first of next month, or ask for a larger quota.");
      assertThat(e.retryable()).isFalse();
      assertThat(e.detail()).contains("quota exceeded for 'convert'");
    }

    @Test
    void anAttemptLongerThanTheTimeoutFailsAsTimeout() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(slow, Args.of("too-slow")).id();
      Task t = awaitState(alice, id, TaskState.FAILED);

      assertThat(t.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(t.error().summary()).isNotBlank();
      assertThat(t.error().action()).isNotBlank();
      assertThat(alice.executions(id))
          .singleElement()
          .satisfies(x -> assertThat(x.outcome()).isEqualTo(ExecutionOutcome.FAILED));
    }

    @Test
    void badArgumentsFailAtOnceEvenWithARetryPolicy() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(rejects, new Args("resize", -3)).id();
      Task t = awaitState(alice, id, TaskState.FAILED);

      assertThat(t.maxAttempts()).isEqualTo(3);
      assertThat(t.attempt()).isEqualTo(1);
      assertThat(t.error().kind()).isEqualTo(ErrorKind.BAD_ARGUMENTS);
      assertThat(t.error().retryable()).isFalse();
      assertThat(t.error().summary()).contains("width must be positive, was -3");
      assertThat(alice.executions(id)).hasSize(1);
    }
  }

  // ------------------------------------------------------------------------------- rule 9

  /** Rule 9: get, stop and delete take one id, many ids or a query, with a result per task. */
  @Nested
  class Rule9_Bulk {

    @Test
    void bulkGetAnswersPerIdInOrder() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String own1 = alice.submit(ok, Args.of("own-1"), waiting()).id();
      String own2 = alice.submit(ok, Args.of("own-2"), waiting()).id();
      String foreign =
          m.forUser("bob").submit(ok, Args.of("foreign"), waiting()).id();
      String missing = missingId();

      BulkResult r = alice.get(List.of(own2, foreign, missing, own1));
      assertThat(r.results())
          .extracting(TaskResult::taskId)
          .containsExactly(own2, foreign, missing, own1);
      assertThat(outcomes(r))
          .containsExactly(
              TaskOutcome.FOUND, TaskOutcome.NOT_FOUND, TaskOutcome.NOT_FOUND, TaskOutcome.FOUND);
      assertThat(r.tasks()).extracting(Task::id).containsExactly(own2, own1);
      assertThat(r.results().get(1).task()).isNull();
    }

    @Test
    void bulkStopAndDeleteAnswerPerIdInOrder() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      List<String> own = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        own.add(alice.submit(ok, Args.of("own-" + i), waiting()).id());
      }
      String foreign =
          m.forUser("bob").submit(ok, Args.of("foreign"), waiting()).id();
      String missing = missingId();
      List<String> ids = List.of(own.get(0), foreign, own.get(1), missing, own.get(2));

      BulkResult stopped = alice.stop(ids);
      assertThat(outcomes(stopped))
          .containsExactly(
              TaskOutcome.CANCELLED,
              TaskOutcome.NOT_FOUND,
              TaskOutcome.CANCELLED,
              TaskOutcome.NOT_FOUND,
              TaskOutcome.CANCELLED);
      assertThat(m.forUser("bob").get(foreign).state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(alice.get(own.get(3)).state()).isEqualTo(TaskState.SCHEDULED);

      BulkResult deleted = alice.delete(ids);
      assertThat(outcomes(deleted))
          .containsExactly(
              TaskOutcome.DELETED,
              TaskOutcome.NOT_FOUND,
              TaskOutcome.DELETED,
              TaskOutcome.NOT_FOUND,
              TaskOutcome.DELETED);
      assertThat(ids(alice.list(TaskQuery.mine())))
          .containsExactlyInAnyOrder(own.get(3), own.get(4));
      assertThat(m.forUser("bob").find(foreign)).isPresent();
    }

    @Test
    void stopByQueryAffectsOnlyMatchingTasksOfTheCaller() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String ok1 = alice.submit(ok, Args.of("ok-1"), waiting()).id();
      String ok2 = alice.submit(ok, Args.of("ok-2"), waiting()).id();
      String other1 = alice.submit(other, Args.of("other-1"), waiting()).id();
      String other2 = alice.submit(other, Args.of("other-2"), waiting()).id();
      String bobsOther =
          m.forUser("bob").submit(other, Args.of("bobs"), waiting()).id();

      BulkResult r = alice.stop(TaskQuery.mine().type("other"));
      assertThat(r.results())
          .extracting(TaskResult::taskId)
          .containsExactlyInAnyOrder(other1, other2);
      assertThat(r.count(TaskOutcome.CANCELLED)).isEqualTo(2);
      assertThat(alice.get(ok1).state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(alice.get(ok2).state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(m.forUser("bob").get(bobsOther).state()).isEqualTo(TaskState.SCHEDULED);

      BulkResult byState = alice.delete(TaskQuery.mine().state(TaskState.CANCELLED));
      assertThat(byState.results())
          .extracting(TaskResult::taskId)
          .containsExactlyInAnyOrder(other1, other2);
      assertThat(byState.count(TaskOutcome.DELETED)).isEqualTo(2);
      assertThat(ids(alice.list(TaskQuery.mine()))).containsExactlyInAnyOrder(ok1, ok2);
    }

    @Test
    void stopAllAndDeleteAllTouchOnlyTheCallersTasks() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      List<String> own = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        own.add(alice.submit(ok, Args.of("mine-" + i), waiting()).id());
      }
      String finished = alice.submit(ok, Args.of("done")).id();
      awaitState(alice, finished, TaskState.SUCCEEDED);
      String bobs = m.forUser("bob").submit(ok, Args.of("bobs"), waiting()).id();

      BulkResult stopped = alice.stopAll();
      assertThat(stopped.results())
          .extracting(TaskResult::taskId)
          .containsExactlyInAnyOrderElementsOf(own);
      assertThat(stopped.count(TaskOutcome.CANCELLED)).isEqualTo(3);

      BulkResult deleted = alice.deleteAll();
      assertThat(deleted.results())
          .extracting(TaskResult::taskId)
          .containsExactlyInAnyOrder(own.get(0), own.get(1), own.get(2), finished);
      assertThat(deleted.count(TaskOutcome.DELETED)).isEqualTo(4);
      assertThat(alice.list(TaskQuery.mine()).total()).isZero();
      assertThat(m.admin().list(TaskQuery.all()).items())
          .extracting(Task::id)
          .containsExactly(bobs);
      assertThat(m.forUser("bob").get(bobs).state()).isEqualTo(TaskState.SCHEDULED);
    }

    // ---------------------------------------------- ran in a period (issue 15, seed 002)

    @Test
    void listAndDeleteByQueryTakeTasksAnyAttemptOfWhichStartedInThePeriod() {
      ManualClock time = useManualClock();
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String before = alice.submit(ok, Args.of("before")).id();
      awaitState(alice, before, TaskState.SUCCEEDED);
      time.advance(Duration.ofSeconds(10));
      String retried = alice.submit(flaky, Args.of("retried")).id();
      for (int attempt = 1; attempt <= 2; attempt++) {
        int expected = attempt;
        eventually("attempt " + expected + " fails and a retry is scheduled", () -> {
          Task t = alice.get(retried);
          assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
          assertThat(t.attempt()).isEqualTo(expected);
        });
        time.advance(Duration.ofSeconds(10));
      }
      awaitState(alice, retried, TaskState.SUCCEEDED);
      String never = alice.submit(ok, Args.of("never"), waiting()).id();
      List<Execution> runs = alice.executions(retried);
      Instant firstStart = runs.get(0).startedAt();
      Instant secondStart = runs.get(1).startedAt();
      assertThat(alice.get(retried).startedAt()).isEqualTo(runs.get(2).startedAt());

      assertThat(ids(alice.list(TaskQuery.mine().ranBetween(firstStart, secondStart))))
          .as("the first attempt of three")
          .containsExactly(retried);
      assertThat(ids(alice.list(TaskQuery.mine().ranBetween(null, firstStart))))
          .containsExactly(before);
      assertThat(ids(alice.list(TaskQuery.mine().ranBetween(firstStart, null))))
          .as("a task that never started never ran")
          .containsExactly(retried);
      assertThat(ids(m.forUser("bob").list(TaskQuery.mine().ranBetween(null, null))))
          .isEmpty();

      BulkResult deleted = alice.delete(TaskQuery.mine().ranBetween(firstStart, secondStart));
      assertThat(deleted.results()).extracting(TaskResult::taskId).containsExactly(retried);
      assertThat(deleted.count(TaskOutcome.DELETED)).isEqualTo(1);
      assertThat(ids(alice.list(TaskQuery.mine()))).containsExactlyInAnyOrder(before, never);
    }
  }

  // ------------------------------------------------------------------------------- rule 10

  /** Rule 10: configurations are reusable; one in use is kept. */
  @Nested
  class Rule10_Configurations {

    @Test
    void saveListRenameAndUpdate() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      Configuration saved = alice.configurations().save(ok, "Nightly", new Args("nightly", 1));
      assertThat(saved.owner()).isEqualTo("alice");
      assertThat(saved.type()).isEqualTo("ok");
      assertThat(alice.configurations().list())
          .extracting(Configuration::id)
          .containsExactly(saved.id());

      Configuration renamed = alice.configurations().rename(saved.id(), "Every night");
      assertThat(renamed.name()).isEqualTo("Every night");
      assertThat(renamed.argumentsJson()).isEqualTo(saved.argumentsJson());
      Configuration updated = alice.configurations().update(ok, saved.id(), new Args("weekly", 7));
      assertThat(updated.name()).isEqualTo("Every night");
      assertThat(updated.argumentsJson()).isNotEqualTo(saved.argumentsJson());

      Configuration read = alice.configurations().get(saved.id());
      assertThat(read.name()).isEqualTo("Every night");
      assertThat(read.argumentsJson()).isEqualTo(updated.argumentsJson());
      assertThat(m.forUser("bob").configurations().list()).isEmpty();
      assertThatThrownBy(() -> m.forUser("bob").configurations().get(saved.id()))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThatThrownBy(() -> m.forUser("bob").configurations().rename(saved.id(), "Mine"))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThat(alice.configurations().get(saved.id()).name()).isEqualTo("Every night");
    }

    @Test
    void submitFromAConfigurationWithOverrides() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      Configuration c = alice.configurations().save(ok, "Base", new Args("from-config", 1));

      Submitted<String> s =
          alice.submitFromConfiguration(ok, c.id(), Map.of("n", 2), o -> o.name("From config"));
      assertThat(s.joined()).isFalse();
      assertThat(s.task().configurationId()).isEqualTo(c.id());
      assertThat(s.task().name()).isEqualTo("From config");
      awaitState(alice, s.id(), TaskState.SUCCEEDED);
      assertThat(alice.result(s.id(), String.class)).contains("from-config");
      // the merged arguments are exactly those of a typed submit of the same values
      Submitted<String> typed = m.forUser("bob").submit(ok, new Args("from-config", 2));
      assertThat(typed.task().dedupKey()).isEqualTo(s.task().dedupKey());
      assertThat(alice.executions(s.id()))
          .singleElement()
          .satisfies(x -> assertThat(x.configurationId()).isEqualTo(c.id()));
    }

    @Test
    void aConfigurationInUseByAnActiveTaskCannotBeDeleted() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      Configuration c = alice.configurations().save(ok, "Used", new Args("used", 1));
      String id = alice.submitFromConfiguration(ok, c.id(), Map.of(), waiting()).id();

      assertThatThrownBy(() -> alice.configurations().delete(c.id()))
          .isInstanceOf(ConfigurationInUseException.class)
          .hasMessageContaining(c.id());
      assertThat(alice.configurations().get(c.id()).name()).isEqualTo("Used");

      alice.stop(id);
      alice.configurations().delete(c.id());
      assertThat(alice.configurations().list()).isEmpty();
      assertThatThrownBy(() -> alice.configurations().get(c.id()))
          .isInstanceOf(ConfigurationNotFoundException.class);
    }

    @Test
    void deleteUnusedKeepsThoseUsedByActiveTasksOrScheduleEntries() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      Configuration byTask = alice.configurations().save(ok, "By task", new Args("t", 1));
      Configuration byEntry = alice.configurations().save(ok, "By entry", new Args("e", 1));
      Configuration unused = alice.configurations().save(ok, "Unused", new Args("u", 1));
      Configuration bobs = m.forUser("bob").configurations().save(ok, "Bob's", new Args("b", 1));
      alice.submitFromConfiguration(ok, byTask.id(), Map.of(), waiting());
      ScheduleEntry entry = alice
          .schedules()
          .createFromConfiguration(
              byEntry.id(), Map.of(), Schedule.every(Duration.ofHours(1)), o -> o.name("Hourly"));
      assertThat(entry.configurationId()).isEqualTo(byEntry.id());

      assertThat(alice.configurations().deleteUnused()).containsExactly(unused.id());
      assertThat(alice.configurations().list())
          .extracting(Configuration::id)
          .containsExactlyInAnyOrder(byTask.id(), byEntry.id());
      assertThatThrownBy(() -> alice.configurations().delete(byEntry.id()))
          .isInstanceOf(ConfigurationInUseException.class);
      assertThat(m.forUser("bob").configurations().list())
          .extracting(Configuration::id)
          .containsExactly(bobs.id());

      alice.schedules().delete(entry.id());
      alice.configurations().delete(byEntry.id());
      assertThat(alice.configurations().list())
          .extracting(Configuration::id)
          .containsExactly(byTask.id());
    }
  }

  // ------------------------------------------------------------------------------- rule 11

  /** Rule 11: a task whose node died runs again elsewhere; the dead node cannot overwrite it. */
  @Nested
  class Rule11_NothingLost {

    /** Builds a node that claims through a ManualExecutor and then "dies" (never runs it). */
    private ClaimedTask claimOnADeadNode(ManualExecutor dead, Consumer<TaskManager.Builder> b) {
      build(
          dead,
          b.andThen(x ->
              x.leaseDuration(Duration.ofMillis(500)).heartbeatInterval(Duration.ofMillis(100))));
      List<ClaimedTask> claimed = dead.runner().claim(1);
      assertThat(claimed).hasSize(1);
      return claimed.get(0);
    }

    @Test
    void anExpiredLeaseIsRecoveredAndTheStaleWorkerIsFencedOff() {
      ManualExecutor deadExecutor = new ManualExecutor();
      TaskManager submitter = build(null, b -> {});
      String id = submitter.forUser("alice").submit(ok, Args.of("survivor")).id();
      ClaimedTask stale = claimOnADeadNode(deadExecutor, b -> {});
      assertThat(stale.id()).isEqualTo(id);
      String deadNode = deadExecutor.runner().nodeId();
      assertThat(submitter.admin().get(id).state()).isEqualTo(TaskState.RUNNING);

      TaskManager alive = manager();
      UserTasks alice = alive.forUser("alice");
      Task done = awaitState(alice, id, TaskState.SUCCEEDED);
      assertThat(done.attempt()).isEqualTo(2);
      assertThat(alice.result(id, String.class)).contains("survivor");
      List<Execution> executions = alice.executions(id);
      assertThat(executions)
          .extracting(Execution::outcome)
          .containsExactly(ExecutionOutcome.LEASE_EXPIRED, ExecutionOutcome.SUCCEEDED);
      assertThat(executions).extracting(Execution::attempt).containsExactly(1, 2);
      assertThat(executions.get(0).node()).isEqualTo(deadNode);
      assertThat(executions.get(1).node()).isEqualTo(alive.nodeId());

      // The dead node wakes up and finishes its stale attempt: its writes are refused.
      deadExecutor.runner().run(stale);
      Task after = alice.get(id);
      assertThat(after.state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(after.attempt()).isEqualTo(2);
      assertThat(after.finishedAt()).isEqualTo(done.finishedAt());
      assertThat(alice.executions(id)).hasSize(2);
    }

    @Test
    void aTaskWhoseNodeDiesOnItsLastAllowedAttemptFailsAsLost() {
      ManualExecutor deadExecutor = new ManualExecutor();
      TaskManager submitter = build(null, b -> {});
      String id = submitter.forUser("alice").submit(ok, Args.of("unlucky")).id();
      claimOnADeadNode(deadExecutor, b -> {});

      TaskManager alive = manager(b -> b.lostLeaseRetries(0));
      Task t = awaitState(alive.forUser("alice"), id, TaskState.FAILED);
      assertThat(t.error().kind()).isEqualTo(ErrorKind.LOST);
      assertThat(t.error().action()).isNotBlank();
      assertThat(alive.admin().executions(id))
          .extracting(Execution::outcome)
          .containsExactly(ExecutionOutcome.LEASE_EXPIRED);
    }

    @Test
    void aStopOfATaskOnADeadNodeEndsItCancelledOnceTheLeaseExpires() {
      ManualExecutor deadExecutor = new ManualExecutor();
      TaskManager submitter = build(null, b -> {});
      UserTasks alice = submitter.forUser("alice");
      String id = alice.submit(ok, Args.of("abandoned")).id();
      claimOnADeadNode(deadExecutor, b -> {});

      assertThat(alice.stop(id).outcome()).isEqualTo(TaskOutcome.CANCEL_REQUESTED);
      manager();
      Task t = awaitState(alice, id, TaskState.CANCELLED);
      assertThat(t.error().kind()).isEqualTo(ErrorKind.CANCELLED);
    }

    @Test
    void aSubmitIsReadableFromAnotherManagerOnTheSameStoreAtOnce() {
      TaskManager one = build(null, b -> {});
      TaskManager two = build(null, b -> {});
      String id = one.forUser("alice").submit(ok, Args.of("durable"), waiting()).id();
      assertThat(two.forUser("alice").get(id).state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(two.forUser("bob").submit(ok, Args.of("durable"), waiting()).joined())
          .isTrue();
    }
  }

  // ------------------------------------------------------------------------------- retries

  /** Retries with backoff, on the manual clock: every attempt is recorded. */
  @Nested
  class Retries {

    @Test
    void aFlakyTaskIsRetriedWithBackoffUntilItSucceeds() {
      ManualClock time = useManualClock();
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      try (Recorder recorder = new Recorder(alice)) {
        String id = alice.submit(flaky, Args.of("flaky")).id();
        for (int attempt = 1; attempt <= 2; attempt++) {
          int expected = attempt;
          eventually("attempt " + expected + " fails and a retry is scheduled", () -> {
            Task t = alice.get(id);
            assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
            assertThat(t.attempt()).isEqualTo(expected);
          });
          Task waiting = alice.get(id);
          Duration backoff = Duration.ofSeconds(1L << (attempt - 1));
          assertThat(waiting.nextAttemptAt()).isEqualTo(time.instant().plus(backoff));
          assertThat(waiting.error().kind()).isEqualTo(ErrorKind.IO);
          assertThat(waiting.finishedAt()).isNull();
          time.advance(backoff);
        }
        Task done = awaitState(alice, id, TaskState.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(3);
        assertThat(done.maxAttempts()).isEqualTo(3);
        assertThat(done.error()).isNull();

        List<Execution> executions = alice.executions(id);
        assertThat(executions)
            .extracting(Execution::outcome)
            .containsExactly(
                ExecutionOutcome.FAILED, ExecutionOutcome.FAILED, ExecutionOutcome.SUCCEEDED);
        assertThat(executions).extracting(Execution::attempt).containsExactly(1, 2, 3);
        assertThat(executions.get(0).error().kind()).isEqualTo(ErrorKind.IO);
        assertThat(executions.get(2).resultJson()).contains("flaky");
        eventually(
            "the events arrive",
            () -> assertThat(recorder.kinds(id))
                .containsSubsequence(
                    TaskEventKind.CREATED,
                    TaskEventKind.STARTED,
                    TaskEventKind.RETRY_SCHEDULED,
                    TaskEventKind.STARTED,
                    TaskEventKind.RETRY_SCHEDULED,
                    TaskEventKind.STARTED,
                    TaskEventKind.SUCCEEDED));
        assertThat(recorder.kinds(id).stream().filter(k -> k == TaskEventKind.RETRY_SCHEDULED))
            .hasSize(2);
      }
    }

    @Test
    void aTaskThatRunsOutOfAttemptsFails() {
      useManualClock();
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(fails, Args.of("no-retry")).id();
      Task t = awaitState(alice, id, TaskState.FAILED);
      assertThat(t.attempt()).isEqualTo(t.maxAttempts());
      assertThat(t.nextAttemptAt()).isNull();
    }
  }

  // ------------------------------------------------------------------------------- schedules

  /** Schedule entries fire through the normal submit path, on the manual clock. */
  @Nested
  class Schedules {

    @Test
    void anEntrysNameArgumentsPriorityAndConfigurationCanBeEdited() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      ScheduleEntry entry = alice
          .schedules()
          .create(ok, Args.of("first"), Schedule.everySeconds(3600), o -> o.name("Nightly"));

      ScheduleEntry edited = alice
          .schedules()
          .edit(
              entry.id(),
              e -> e.name("Hourly").priority(Priority.HIGH).arguments(Args.of("second")));

      assertThat(edited.name()).isEqualTo("Hourly");
      assertThat(edited.priority()).isEqualTo(Priority.HIGH);
      assertThat(edited.argumentsJson()).isEqualTo("{\"label\":\"second\",\"n\":0}");
      ScheduleEntry stored = alice.schedules().get(entry.id());
      assertThat(stored) // a SQL store keeps microseconds of the times
          .usingRecursiveComparison()
          .ignoringFields("nextFireAt", "createdAt")
          .isEqualTo(edited);
      assertThat(stored.nextFireAt()).isEqualTo(stored.createdAt().plusSeconds(3600));

      Configuration c = alice.configurations().save(ok, "Preset", new Args("preset", 5));
      ScheduleEntry fromConfig =
          alice.schedules().edit(entry.id(), e -> e.configuration(c.id(), Map.of("n", 6)));
      assertThat(fromConfig.configurationId()).isEqualTo(c.id());
      assertThat(fromConfig.argumentsJson()).isEqualTo("{\"n\":6}");
      assertThat(fromConfig.name()).isEqualTo("Hourly");
      assertThatThrownBy(() -> alice.configurations().delete(c.id()))
          .isInstanceOf(ConfigurationInUseException.class); // rule 10 counts the edited entry

      alice.schedules().edit(entry.id(), e -> e.arguments(Args.of("inline")));
      alice.configurations().delete(c.id()); // no longer used
      assertThat(alice.schedules().get(entry.id()).configurationId()).isNull();
    }

    @Test
    void theAdminViewSeesAndChangesEveryUsersEntriesAndConfigurations() {
      TaskManager m = manager();
      Configuration alices = m.forUser("alice").configurations().save(ok, "A", Args.of("a"));
      Configuration bobs = m.forUser("bob").configurations().save(ok, "B", Args.of("b"));
      ScheduleEntry a = m.forUser("alice")
          .schedules()
          .create(ok, Args.of("a"), Schedule.everySeconds(3600), o -> {});
      ScheduleEntry b = m.forUser("bob")
          .schedules()
          .create(ok, Args.of("b"), Schedule.everySeconds(3600), o -> {});

      assertThat(m.admin().configurations().list())
          .extracting(Configuration::id)
          .containsExactly(alices.id(), bobs.id());
      assertThat(m.admin().schedules().list())
          .extracting(ScheduleEntry::id)
          .containsExactly(a.id(), b.id());
      assertThat(m.admin().schedules().disable(b.id()).enabled()).isFalse();
      assertThat(m.admin().schedules().edit(a.id(), e -> e.name("Renamed")).owner())
          .isEqualTo("alice");
      m.admin().configurations().delete(bobs.id());

      assertThat(m.forUser("bob").configurations().list()).isEmpty();
      assertThat(m.forUser("bob").schedules().get(b.id()).enabled()).isFalse();
      assertThat(m.forUser("alice").schedules().get(a.id()).name()).isEqualTo("Renamed");
    }

    @Test
    void entriesAndConfigurationsMadeInTheSameMillisecondListInTheOrderMade() {
      useManualClock(); // every item is made at the same instant
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      List<String> configs = new ArrayList<>();
      List<String> entries = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        configs.add(alice.configurations().save(ok, "C" + i, Args.of("c" + i)).id());
        entries.add(alice
            .schedules()
            .create(ok, Args.of("e" + i), Schedule.everySeconds(3600), o -> {})
            .id());
      }

      assertThat(alice.configurations().list()).extracting(Configuration::id).isEqualTo(configs);
      assertThat(alice.schedules().list()).extracting(ScheduleEntry::id).isEqualTo(entries);
      assertThat(m.admin().configurations().list())
          .extracting(Configuration::id)
          .isEqualTo(configs);
    }

    @Test
    void anEntryFiresEveryPeriodAndJoinsItsStillActiveRun() {
      ManualClock time = useManualClock();
      Instant t0 = time.instant();
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      try (Recorder recorder = new Recorder(alice)) {
        ScheduleEntry entry = alice
            .schedules()
            .create(gated, Args.of("tick"), Schedule.everySeconds(1), o -> o.name("Ticker"));
        assertThat(entry.enabled()).isTrue();
        assertThat(entry.nextFireAt()).isEqualTo(t0.plusSeconds(1));
        assertThat(alice.schedules().list())
            .extracting(ScheduleEntry::id)
            .containsExactly(entry.id());

        time.advance(Duration.ofSeconds(1));
        eventually(
            "the entry fires",
            () -> assertThat(alice.list(TaskQuery.mine().type("gated")).total()).isEqualTo(1));
        Task first = alice.list(TaskQuery.mine()).items().get(0);
        assertThat(first.scheduleEntryId()).isEqualTo(entry.id());
        assertThat(first.name()).isEqualTo("Ticker");
        assertThat(first.owners()).containsExactly("alice");

        time.advance(Duration.ofSeconds(1));
        eventually(
            "the second occurrence joins the active run",
            () -> assertThat(recorder.kinds(first.id())).contains(TaskEventKind.JOINED));
        assertThat(alice.list(TaskQuery.mine()).total()).isEqualTo(1);
        ScheduleEntry fired = alice.schedules().get(entry.id());
        assertThat(fired.lastFiredAt()).isEqualTo(t0.plusSeconds(2));
        assertThat(fired.nextFireAt()).isEqualTo(t0.plusSeconds(3));

        gate.countDown();
        awaitState(alice, first.id(), TaskState.SUCCEEDED);
        time.advance(Duration.ofSeconds(1));
        eventually(
            "the next occurrence makes a new run",
            () -> assertThat(alice.list(TaskQuery.mine()).total()).isEqualTo(2));
      }
    }

    @Test
    void aDisabledEntryDoesNotFireUntilEnabledAgain() {
      ManualClock time = useManualClock();
      Instant t0 = time.instant();
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      ScheduleEntry paused =
          alice.schedules().create(ok, Args.of("paused"), Schedule.everySeconds(1), o -> {});
      ScheduleEntry witness =
          alice.schedules().create(other, Args.of("witness"), Schedule.everySeconds(1), o -> {});
      assertThat(alice.schedules().disable(paused.id()).enabled()).isFalse();

      for (int i = 1; i <= 2; i++) {
        time.advance(Duration.ofSeconds(1));
        Instant next = t0.plusSeconds(i + 1);
        eventually(
            "the witness entry fires",
            () -> assertThat(alice.schedules().get(witness.id()).nextFireAt()).isEqualTo(next));
      }
      assertThat(alice.schedules().get(paused.id()).lastFiredAt()).isNull();
      assertThat(alice.list(TaskQuery.mine().type("ok")).total()).isZero();

      // enabled again, its missed occurrences fire once (FIRE_ONCE), without moving the clock
      assertThat(alice.schedules().enable(paused.id()).enabled()).isTrue();
      eventually(
          "the enabled entry fires once",
          () -> assertThat(alice.list(TaskQuery.mine().type("ok")).total()).isEqualTo(1));
      ScheduleEntry resumed = alice.schedules().get(paused.id());
      assertThat(resumed.lastFiredAt()).isEqualTo(time.instant());
      assertThat(resumed.nextFireAt()).isAfter(time.instant());
    }

    @Test
    void aMalformedCronExpressionIsRejectedWithTheAcceptedForm() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      Throwable e = catchThrowable(() -> alice
          .schedules()
          .create(ok, Args.of("cron"), Schedule.cron("not a cron", ZoneOffset.UTC), o -> {}));
      assertThat(e)
          .isInstanceOf(InvalidScheduleException.class)
          .hasMessageContaining("not a cron")
          .hasMessageContaining("minute hour day-of-month month day-of-week");
      assertThat(((InvalidScheduleException) e).accepted()).isNotBlank();
      assertThat(alice.schedules().list()).isEmpty();

      ScheduleEntry quarterly = alice
          .schedules()
          .create(ok, Args.of("cron"), Schedule.cron("*/15 * * * *", ZoneOffset.UTC), o -> {});
      Instant next = quarterly.nextFireAt();
      assertThat(next).isAfter(quarterly.createdAt());
      assertThat(next.atZone(ZoneOffset.UTC).getMinute() % 15).isZero();
      assertThat(next.atZone(ZoneOffset.UTC).getSecond()).isZero();
      assertThatThrownBy(() -> alice
              .schedules()
              .reschedule(quarterly.id(), Schedule.cron("99 * * * *", ZoneOffset.UTC)))
          .isInstanceOf(InvalidScheduleException.class);
      assertThat(alice.schedules().get(quarterly.id()).schedule())
          .isEqualTo(Schedule.cron("*/15 * * * *", ZoneOffset.UTC));
    }

    @Test
    void entriesAreTheOwnersAndDeleteAllRemovesOnlyTheirs() {
      TaskManager m = manager();
      UserTasks alice = m.forUser("alice");
      UserTasks bob = m.forUser("bob");
      ScheduleEntry a1 =
          alice.schedules().create(ok, Args.of("a1"), Schedule.everySeconds(3600), o -> {});
      alice.schedules().create(other, Args.of("a2"), Schedule.everySeconds(3600), o -> {});
      ScheduleEntry b1 =
          bob.schedules().create(ok, Args.of("b1"), Schedule.everySeconds(3600), o -> {});

      assertThatThrownBy(() -> bob.schedules().get(a1.id()))
          .isInstanceOf(ScheduleEntryNotFoundException.class);
      assertThatThrownBy(() -> bob.schedules().delete(a1.id()))
          .isInstanceOf(ScheduleEntryNotFoundException.class);
      assertThatThrownBy(() -> bob.schedules().disable(a1.id()))
          .isInstanceOf(ScheduleEntryNotFoundException.class);
      assertThat(alice.schedules().get(a1.id()).enabled()).isTrue();

      assertThat(alice.schedules().deleteAll()).isEqualTo(2);
      assertThat(alice.schedules().list()).isEmpty();
      assertThat(bob.schedules().list()).extracting(ScheduleEntry::id).containsExactly(b1.id());
    }
  }

  // ------------------------------------------------------------------------------- retention

  /** Finished tasks are purged after the retention; active ones never are. */
  @Nested
  class Retention {

    @Test
    void finishedTasksArePurgedAfterTheRetention() {
      ManualClock time = useManualClock();
      TaskManager m = manager(b -> b.retention(Duration.ofMinutes(1)));
      UserTasks alice = m.forUser("alice");
      String done = alice.submit(ok, Args.of("old")).id();
      awaitState(alice, done, TaskState.SUCCEEDED);
      String active = alice
          .submit(
              ok,
              Args.of("still-waiting"),
              o -> o.startAt(time.instant().plus(Duration.ofHours(1))))
          .id();

      time.advance(Duration.ofSeconds(30));
      String recent = alice.submit(other, Args.of("recent")).id();
      awaitState(alice, recent, TaskState.SUCCEEDED);
      time.advance(Duration.ofSeconds(31));
      eventually("the old task is purged", () -> assertThat(alice.find(done)).isEmpty());
      assertThat(alice.get(active).state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(alice.get(recent).state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }

  // ------------------------------------------------------------------------------- bad input

  /** Every entry point rejects bad input with a specific exception and changes nothing. */
  @Nested
  class BadInput {

    private TaskManager m;
    private UserTasks alice;
    private Configuration config;

    private void given() {
      m = manager();
      alice = m.forUser("alice");
      alice.submit(ok, Args.of("existing"), waiting());
      config = alice.configurations().save(ok, "Config", new Args("config", 1));
      alice.schedules().create(ok, Args.of("entry"), Schedule.everySeconds(3600), o -> {});
    }

    /** Asserts that nothing was added or changed by the rejected calls. */
    private void unchanged() {
      assertThat(m.admin().list(TaskQuery.all()).total()).isEqualTo(1);
      assertThat(alice.configurations().list())
          .extracting(Configuration::id)
          .containsExactly(config.id());
      assertThat(alice.configurations().get(config.id()).argumentsJson())
          .isEqualTo(config.argumentsJson());
      assertThat(alice.schedules().list()).hasSize(1);
    }

    @Test
    void anUnregisteredTypeIsRejected() {
      given();
      TaskDefinition<Args, String> unknown = TestTaskTypes.succeeds("never-registered");
      Throwable e = catchThrowable(() -> alice.submit(unknown, Args.of("x")));
      assertThat(e)
          .isInstanceOf(UnknownTaskTypeException.class)
          .hasMessageContaining("never-registered")
          .hasMessageContaining("ok");
      assertThat(((UnknownTaskTypeException) e).type()).isEqualTo("never-registered");
      TaskDefinition<Args, String> impostor = TestTaskTypes.succeeds("ok");
      assertThatThrownBy(() -> alice.submit(impostor, Args.of("x")))
          .isInstanceOf(UnknownTaskTypeException.class);
      assertThatThrownBy(() -> alice.configurations().save(unknown, "Nope", Args.of("x")))
          .isInstanceOf(UnknownTaskTypeException.class);
      assertThatThrownBy(() ->
              alice.schedules().create(unknown, Args.of("x"), Schedule.everySeconds(60), o -> {}))
          .isInstanceOf(UnknownTaskTypeException.class);
      unchanged();
    }

    @Test
    void overridesThatDoNotBindNameTheField() {
      given();
      Throwable wrongType = catchThrowable(
          () -> alice.submitFromConfiguration(ok, config.id(), Map.of("n", "many"), o -> {}));
      assertThat(wrongType).isInstanceOf(InvalidArgumentsException.class);
      assertThat(((InvalidArgumentsException) wrongType).field()).isEqualTo("$.n");
      assertThat(((InvalidArgumentsException) wrongType).accepted()).contains("label", "n");

      Throwable unknownField = catchThrowable(
          () -> alice.submitFromConfiguration(ok, config.id(), Map.of("colour", "red"), o -> {}));
      assertThat(unknownField).isInstanceOf(InvalidArgumentsException.class);
      assertThat(((InvalidArgumentsException) unknownField).field()).isEqualTo("$.colour");

      assertThatThrownBy(() -> alice
              .schedules()
              .createFromConfiguration(
                  config.id(), Map.of("n", "many"), Schedule.everySeconds(60), o -> {}))
          .isInstanceOf(InvalidArgumentsException.class);
      assertThatThrownBy(
              () -> alice.configurations().update(rawType(ok), config.id(), Map.of("n", "x")))
          .isInstanceOf(InvalidArgumentsException.class);
      unchanged();
    }

    @Test
    void oversizedArgumentsAreRejected() {
      given();
      Args huge = Args.of("x".repeat(70_000));
      Throwable e = catchThrowable(() -> alice.submit(ok, huge));
      assertThat(e).isInstanceOf(PayloadTooLargeException.class);
      assertThat(((PayloadTooLargeException) e).field()).isEqualTo("arguments");
      assertThat(e.getMessage()).contains(String.valueOf(64 * 1024));
      assertThatThrownBy(() -> alice.submitAll(ok, List.of(Args.of("fine"), huge), o -> {}))
          .isInstanceOf(PayloadTooLargeException.class);
      assertThatThrownBy(() -> alice.configurations().save(ok, "Huge", huge))
          .isInstanceOf(PayloadTooLargeException.class);
      assertThatThrownBy(() -> alice.submitFromConfiguration(
              ok, config.id(), Map.of("label", "x".repeat(70_000)), o -> {}))
          .isInstanceOf(PayloadTooLargeException.class);
      unchanged();
    }

    @Test
    void nullsBlankNamesAndOtherBadOptionsAreRejected() {
      given();
      Throwable blank = catchThrowable(() -> alice.submit(ok, Args.of("n"), o -> o.name("  ")));
      assertThat(blank).isInstanceOf(InvalidInputException.class);
      assertThat(((InvalidInputException) blank).field()).isEqualTo("name");
      assertThatThrownBy(() -> alice.submit(ok, Args.of("n"), o -> o.name("x".repeat(201))))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.submit(ok, Args.of("n"), o -> o.priority(null)))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.submit(ok, null)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.submit(null, Args.of("n")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.configurations().save(null, "No type", Args.of("n")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.configurations().save(ok, "No values", null))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.schedules().create(ok, Args.of("n"), null, o -> {}))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.configurations().save(ok, "", Args.of("n")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.configurations().rename(config.id(), " "))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> m.forUser(" ")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> m.forUser(null)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.list(null)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> TaskQuery.mine().page(0, 0))
          .isInstanceOf(InvalidInputException.class);
      unchanged();
    }

    @Test
    void nullAndUnknownIdsAreRejectedWithoutSideEffects() {
      given();
      String nullId = null;
      for (ThrowingCall call : List.<ThrowingCall>of(alice::get, alice::executions)) {
        assertThat(catchThrowable(() -> call.call(nullId)))
            .isInstanceOfAny(InvalidInputException.class, TaskNotFoundException.class);
      }
      assertThatThrownBy(() -> alice.stop(nullId)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.delete(nullId)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.recreate(nullId)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.edit(nullId, e -> e.name("x")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.stop(Arrays.asList("a", null)))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.get((List<String>) null))
          .isInstanceOf(InvalidInputException.class);

      assertThatThrownBy(() -> alice.submitFromConfiguration(ok, null, Map.of(), o -> {}))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.configurations().get(null))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.configurations().delete(null))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.schedules().get(null))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice
              .schedules()
              .createFromConfiguration(null, Map.of(), Schedule.everySeconds(60), o -> {}))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> alice.subscribe(null)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> m.admin().subscribe(null)).isInstanceOf(InvalidInputException.class);

      String missing = missingId();
      assertThatThrownBy(() -> alice.submitFromConfiguration(ok, missing, Map.of(), o -> {}))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThatThrownBy(
              () -> m.forUser("bob").submitFromConfiguration(ok, config.id(), Map.of(), o -> {}))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThatThrownBy(() -> m.forUser("bob").configurations().delete(config.id()))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> alice.configurations().delete(missing))
          .isInstanceOf(ConfigurationNotFoundException.class);
      assertThatThrownBy(() -> alice.schedules().delete(missing))
          .isInstanceOf(ScheduleEntryNotFoundException.class);
      unchanged();
    }
  }

  // ------------------------------------------------------------------------------- shutdown

  /** Graceful shutdown gives unfinished tasks back to the queue, where they run again. */
  @Nested
  class Shutdown {

    @Test
    void closingWhileATaskRunsReleasesItBackToTheQueue() {
      TaskManager first = manager(b -> b.shutdownGrace(Duration.ofMillis(100)));
      String id = first.forUser("alice").submit(hangs, Args.of("interrupted")).id();
      awaitLatch("the hanging task starts", hangStarted);
      awaitState(first.admin(), id, TaskState.RUNNING);

      first.close();
      TaskManager reader = build(null, b -> {});
      Task released = reader.forUser("alice").get(id);
      assertThat(released.state()).isEqualTo(TaskState.PENDING);
      assertThat(released.attempt()).isZero();
      assertThat(released.owners()).containsExactly("alice");
      assertThat(reader.forUser("alice").executions(id))
          .extracting(Execution::outcome)
          .containsExactly(ExecutionOutcome.RELEASED);

      TaskManager next = manager();
      Task again = awaitState(next.forUser("alice"), id, TaskState.RUNNING);
      assertThat(again.attempt()).isEqualTo(1);
      assertThat(next.forUser("alice").stop(id).outcome()).isEqualTo(TaskOutcome.CANCEL_REQUESTED);
      awaitState(next.forUser("alice"), id, TaskState.CANCELLED);
    }

    @Test
    void closingLetsAShortTaskFinishWithinTheGrace() {
      TaskManager m = manager(b -> b.shutdownGrace(Duration.ofSeconds(5)));
      UserTasks alice = m.forUser("alice");
      String id = alice.submit(gated, Args.of("almost-done")).id();
      eventually("the task starts", () -> assertThat(gatedStarted).contains(id));

      gate.countDown();
      m.close();
      Task t = build(null, b -> {}).forUser("alice").get(id);
      assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }

  /** Nodes that know different task types share one store (rolling deploys, split workers). */
  @Nested
  class NodesAndTypes {

    @Test
    void aNodeNeverClaimsATypeItHasNotRegistered() {
      TaskManager submitter = buildWith(null, b -> {}, other);
      List<String> ids = submitter
          .forUser("alice")
          .submitAll(other, List.of(Args.of("a"), Args.of("b"), Args.of("c")), o -> {})
          .stream()
          .map(Submitted::id)
          .toList();
      ManualExecutor knowsOnlyOk = new ManualExecutor();
      buildWith(knowsOnlyOk, b -> {}, ok);

      assertThat(knowsOnlyOk.runner().claim(10))
          .as("tasks of a type it does not run")
          .isEmpty();
      for (String id : ids) {
        assertThat(submitter.admin().get(id).state()).isEqualTo(TaskState.PENDING);
      }

      TaskManager worker = buildWith(createExecutor(), b -> {}, other);
      for (String id : ids) {
        awaitState(worker.admin(), id, TaskState.SUCCEEDED);
        assertThat(worker.admin().executions(id))
            .extracting(Execution::node)
            .containsExactly(worker.nodeId());
      }
    }

    @Test
    void aProducerRegistersATypeWithoutAHandlerAndAWorkerRunsIt() {
      TaskDefinition<Args, String> okWithoutHandler = TaskDefinition.of(
              ok.name(), Args.class, String.class)
          .withoutHandler()
          .build();
      ManualExecutor producerExecutor = new ManualExecutor();
      TaskManager producer = buildWith(producerExecutor, b -> {}, okWithoutHandler);
      String id = producer
          .forUser("alice")
          .submit(okWithoutHandler, Args.of("made here"))
          .id();

      assertThat(producerExecutor.runner().claim(10)).isEmpty();

      TaskManager worker = buildWith(createExecutor(), b -> {}, ok);
      awaitState(producer.forUser("alice"), id, TaskState.SUCCEEDED);
      assertThat(producer.forUser("alice").result(id, String.class)).contains("made here");
      assertThat(worker.admin().executions(id))
          .extracting(Execution::node)
          .containsExactly(worker.nodeId());
    }

    @Test
    void anOccurrenceOfATypeTheFiringNodeDoesNotKnowWaitsForANodeThatDoes() {
      ManualClock time = useManualClock();
      TaskManager owner = buildWith(null, b -> {}, other);
      ScheduleEntry entry = owner
          .forUser("alice")
          .schedules()
          .create(other, Args.of("tick"), Schedule.everySeconds(60), o -> {});
      ManualExecutor knowsOnlyOk = new ManualExecutor();
      buildWith(knowsOnlyOk, b -> {}, ok);
      time.advance(Duration.ofSeconds(60));

      knowsOnlyOk.runner().fireDueSchedules();

      assertThat(owner.forUser("alice").schedules().get(entry.id()).nextFireAt())
          .as("the occurrence is still due")
          .isEqualTo(entry.nextFireAt());
      assertThat(owner.forUser("alice").list(TaskQuery.mine()).total()).isZero();

      List<ManualExecutor> knowOther = List.of(new ManualExecutor(), new ManualExecutor());
      knowOther.forEach(e -> buildWith(e, b -> {}, other));
      race(knowOther.size(), i -> {
        knowOther.get(i).runner().fireDueSchedules();
        return i;
      });

      Page<Task> fired = owner.forUser("alice").list(TaskQuery.mine());
      assertThat(fired.total()).as("the occurrence fired exactly once").isEqualTo(1);
      assertThat(fired.items().get(0).scheduleEntryId()).isEqualTo(entry.id());
      assertThat(owner.forUser("alice").schedules().get(entry.id()).nextFireAt())
          .isEqualTo(entry.nextFireAt().plusSeconds(60));
    }

    @Test
    void aNodeThatOnlySubmitsEstimatesWaitsFromTheRunTimesInTheStore() {
      TaskManager worker = buildWith(createExecutor(), b -> {}, ok);
      for (int i = 0; i < 3; i++) {
        String id = worker.forUser("alice").submit(ok, Args.of("run " + i)).id();
        awaitState(worker.forUser("alice"), id, TaskState.SUCCEEDED);
      }
      TaskManager web = buildWith(null, b -> {}, ok);

      String waiting =
          web.forUser("bob").submit(ok, Args.of("later"), waiting()).id();
      Task t = web.forUser("bob").get(waiting);

      assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
      assertThat(t.eta()).as("estimated from the store's run times").isNotNull();
      assertThat(t.eta()).isAfterOrEqualTo(t.nextAttemptAt());
    }
  }
}
