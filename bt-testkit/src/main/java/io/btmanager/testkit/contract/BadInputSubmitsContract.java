package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.exception.InvalidArgumentsException;
import io.btmanager.core.exception.PayloadTooLargeException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.btmanager.testkit.contract.BadInputContract.Anything;
import io.btmanager.testkit.contract.BadInputContract.Dated;
import io.btmanager.testkit.contract.BadInputContract.WriteOnly;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Bad input to a submit: options out of range, types and arguments that cannot be stored or bound
 * back, results and progress messages over the limits.
 */
abstract class BadInputSubmitsContract extends BadInputArea {
  @Test
  void optionsOutOfRangeAreRefused() {
    for (String name : Arrays.asList(null, "", " ", LONG_NAME, NUL)) {
      refused("name", () -> alice.submit(ok, Args.of("n"), o -> o.name(name)));
    }
    for (String description : Arrays.asList(null, "d".repeat(4_001), NUL)) {
      refused("description", () -> alice.submit(ok, Args.of("n"), o -> o.description(description)));
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
    refused("arguments[1]", () -> alice.submitAll(ok, Arrays.asList(Args.of("a"), null), o -> {}));
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
