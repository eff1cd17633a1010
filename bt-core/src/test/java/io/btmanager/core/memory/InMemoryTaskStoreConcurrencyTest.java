package io.btmanager.core.memory;

import static io.btmanager.core.memory.NewTasks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ExecutionOutcome;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class InMemoryTaskStoreConcurrencyTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final InMemoryTaskStore store = InMemoryTaskStore.create(new MutableClock(T0));

  @RepeatedTest(5)
  void sixtyFourIdenticalSubmitsMakeOneTaskWithSixtyFourOwners() throws Exception {
    List<Callable<SubmitResult>> submits = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      String owner = "user-" + i;
      submits.add(() -> store.submit(NewTasks.pending("same-key", owner, Priority.MEDIUM)));
    }

    List<SubmitResult> results = Race.run(submits);

    assertThat(results)
        .extracting(r -> r.task().id())
        .containsOnly(results.get(0).task().id());
    assertThat(results).filteredOn(r -> !r.joined()).hasSize(1);
    StoredTask task = store.find(results.get(0).task().id()).orElseThrow();
    assertThat(task.owners()).hasSize(64);
    assertThat(store.query(null, TaskQuery.all()).total()).isEqualTo(1);
    assertThat(store.query("user-17", TaskQuery.mine()).tasks())
        .extracting(StoredTask::id)
        .containsExactly(task.id());
  }

  @Test
  void concurrentClaimersTakeEveryTaskExactlyOnceInPriorityOrderPerClaimer() throws Exception {
    int count = 3_000;
    Priority[] priorities = Priority.values();
    for (int i = 0; i < count; i++) {
      store.submit(NewTasks.pending("k" + i, "alice", priorities[i % priorities.length]));
    }
    List<Callable<List<StoredTask>>> claimers = new ArrayList<>();
    for (int c = 0; c < 16; c++) {
      String node = "node-" + c;
      int batch = 1 + c % 5;
      claimers.add(() -> {
        List<StoredTask> mine = new ArrayList<>();
        for (List<StoredTask> got =
                store.claim(new ClaimRequest(node, batch, LEASE, Set.of("resize")));
            !got.isEmpty();
            got = store.claim(new ClaimRequest(node, batch, LEASE, Set.of("resize")))) {
          mine.addAll(got);
        }
        return mine;
      });
    }

    List<List<StoredTask>> perClaimer = Race.run(claimers);

    Set<String> ids = new HashSet<>();
    int total = 0;
    for (List<StoredTask> claimed : perClaimer) {
      total += claimed.size();
      for (StoredTask task : claimed) {
        ids.add(task.id());
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
        assertThat(task.attempt()).isEqualTo(1);
      }
      for (int i = 1; i < claimed.size(); i++) { // one claimer sees a non-increasing priority
        assertThat(claimed.get(i).priority().weight())
            .isLessThanOrEqualTo(claimed.get(i - 1).priority().weight());
      }
    }
    assertThat(total).isEqualTo(count);
    assertThat(ids).hasSize(count);
    assertThat(store.claim(new ClaimRequest("late", 10, LEASE, Set.of("resize"))))
        .isEmpty();
  }

  @RepeatedTest(5)
  void aConfigurationIsNeverDeletedUnderAnActiveTask() throws Exception {
    store.insertConfiguration(new Configuration("cfg", "alice", "c", "resize", "{}", T0, T0));
    List<Callable<Boolean>> contenders = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String key = "key-" + i;
      contenders.add(() -> {
        try {
          store.submit(NewTasks.withConfiguration(key, "cfg"));
          return true;
        } catch (ConfigurationNotFoundException e) {
          return false;
        }
      });
    }
    contenders.add(() -> store.deleteConfiguration("cfg") == ConfigurationDeletion.DELETED);

    List<Boolean> outcomes = Race.run(contenders);

    boolean deleted = outcomes.get(16);
    long submitted = outcomes.subList(0, 16).stream().filter(b -> b).count();
    assertThat(deleted && submitted > 0).as("deleted while in use").isFalse();
    assertThat(store.findConfiguration("cfg").isPresent()).isEqualTo(!deleted);
    assertThat(store.query(null, TaskQuery.all()).total()).isEqualTo(submitted);
  }

  @RepeatedTest(10)
  void aFinishingTaskAndRacingSubmitsNeverLeaveTwoActiveTasksForOneKey() throws Exception {
    StoredTask first = store.submit(NewTasks.pending("k")).task();
    StoredTask running =
        store.claim(new ClaimRequest("node", 1, LEASE, Set.of("resize"))).get(0);
    List<Callable<Object>> contenders = new ArrayList<>();
    contenders.add(() -> store.complete(List.of(new Completion(
        first.id(),
        running.leaseToken(),
        TaskState.SUCCEEDED,
        1,
        Progress.NONE,
        "{}",
        null,
        T0,
        null,
        new Execution(
            first.id(), 1, null, "node", T0, T0, ExecutionOutcome.SUCCEEDED, "{}", null)))));
    for (int i = 0; i < 16; i++) {
      String owner = "user-" + i;
      contenders.add(() -> store.submit(NewTasks.pending("k", owner, Priority.MEDIUM)));
    }

    List<Object> outcomes = Race.run(contenders);

    assertThat(outcomes.get(0)).isEqualTo(List.of(true));
    List<StoredTask> active = store.query(null, TaskQuery.all().active()).tasks();
    assertThat(active).hasSizeLessThanOrEqualTo(1);
    for (Object outcome : outcomes.subList(1, outcomes.size())) {
      SubmitResult result = (SubmitResult) outcome;
      if (!result.task().id().equals(first.id())) {
        assertThat(active)
            .extracting(StoredTask::id)
            .containsExactly(result.task().id());
      }
    }
  }
}
