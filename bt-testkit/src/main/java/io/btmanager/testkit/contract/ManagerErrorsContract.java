package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 8: a failed task says, in words a person can act on, what went wrong. */
abstract class ManagerErrorsContract extends ManagerContractArea {

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
