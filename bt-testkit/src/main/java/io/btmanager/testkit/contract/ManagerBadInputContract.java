package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.missingId;
import static io.btmanager.testkit.contract.ManagerFixtures.rawType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.InvalidArgumentsException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.NotFoundException;
import io.btmanager.core.exception.PayloadTooLargeException;
import io.btmanager.core.exception.ScheduleEntryNotFoundException;
import io.btmanager.core.exception.TaskNotFoundException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Schedule;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.contract.ManagerFixtures.ThrowingCall;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every entry point rejects bad input with a specific exception and changes nothing. */
abstract class ManagerBadInputContract extends ManagerContractArea {

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
    assertThatThrownBy(() -> TaskQuery.mine().page(0, 0)).isInstanceOf(InvalidInputException.class);
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
    assertThatThrownBy(() -> alice.schedules().get(null)).isInstanceOf(InvalidInputException.class);
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
