package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.ManagerFixtures.awaitState;
import static io.btmanager.testkit.contract.ManagerFixtures.ids;
import static io.btmanager.testkit.contract.Racing.race;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.Submitted;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.query.Page;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.ManualClock;
import io.btmanager.testkit.ManualExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes that know different task types share one store (rolling deploys, split workers). */
abstract class ManagerNodesAndTypesContract extends ManagerContractArea {

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
    TaskDefinition<Args, String> okWithoutHandler =
        TaskDefinition.of(ok.name(), Args.class, String.class).withoutHandler().build();
    ManualExecutor producerExecutor = new ManualExecutor();
    TaskManager producer = buildWith(producerExecutor, b -> {}, okWithoutHandler);
    String id =
        producer.forUser("alice").submit(okWithoutHandler, Args.of("made here")).id();

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

    String waiting = web.forUser("bob").submit(ok, Args.of("later"), waiting()).id();
    Task t = web.forUser("bob").get(waiting);

    assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(t.eta()).as("estimated from the store's run times").isNotNull();
    assertThat(t.eta()).isAfterOrEqualTo(t.nextAttemptAt());
  }
}
