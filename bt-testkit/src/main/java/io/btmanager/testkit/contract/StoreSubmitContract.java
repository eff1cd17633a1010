package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.StoreFixtures.LONG_LEASE;
import static io.btmanager.testkit.contract.StoreFixtures.OTHER_TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.TYPE;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static io.btmanager.testkit.contract.StoreFixtures.newId;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rule 2, submit and read: a task is stored with every field as given, in the order of submission
 * ({@code seq}).
 */
abstract class StoreSubmitContract extends StoreContractArea {

  @Test
  void insertsEveryFieldWithAttemptZeroAndNoProgress() {
    Configuration config = configuration("alice");
    store.insertConfiguration(config);
    ScheduleEntry entry = scheduleEntry("alice", null, store.now(), true);
    store.insertScheduleEntry(entry);
    URI link = URI.create("https://example.com/photos/42");
    NewTask t = task()
        .name("Resize photo")
        .description("to 640 px")
        .priority(Priority.HIGH)
        .owner("alice")
        .link(link)
        .maxAttempts(5)
        .configuration(config.id())
        .scheduleEntry(entry.id())
        .build();

    SubmitResult result = store.submit(t);

    assertThat(result.joined()).isFalse();
    StoredTask s = result.task();
    assertThat(s.id()).isEqualTo(t.id());
    assertThat(s.type()).isEqualTo(TYPE);
    assertThat(s.name()).isEqualTo("Resize photo");
    assertThat(s.description()).isEqualTo("to 640 px");
    assertThat(s.argumentsJson()).isEqualTo(t.argumentsJson());
    assertThat(s.dedupKey()).isEqualTo(t.dedupKey());
    assertThat(s.state()).isEqualTo(TaskState.PENDING);
    assertThat(s.priority()).isEqualTo(Priority.HIGH);
    assertThat(s.owners()).containsExactly("alice");
    assertThat(s.link()).isEqualTo(link);
    assertThat(s.progress()).isEqualTo(Progress.NONE);
    assertThat(s.createdAt()).isEqualTo(t.createdAt());
    assertThat(s.startedAt()).isNull();
    assertThat(s.finishedAt()).isNull();
    assertThat(s.resultJson()).isNull();
    assertThat(s.error()).isNull();
    assertThat(s.attempt()).isZero();
    assertThat(s.maxAttempts()).isEqualTo(5);
    assertThat(s.nextAttemptAt()).isNull();
    assertThat(s.configurationId()).isEqualTo(config.id());
    assertThat(s.scheduleEntryId()).isEqualTo(entry.id());
    assertThat(s.leaseOwner()).isNull();
    assertThat(s.leaseToken()).isNull();
    assertThat(s.leaseExpiresAt()).isNull();
    assertThat(s.cancelRequested()).isFalse();
    assertThat(store.find(t.id())).contains(s);
  }

  @Test
  void keepsTheStartTimeOfAScheduledTask() {
    Instant later = store.now().plus(1, ChronoUnit.HOURS);
    NewTask t = task().scheduledAt(later).build();

    StoredTask s = store.submit(t).task();

    assertThat(s.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(s.nextAttemptAt()).isEqualTo(later);
    assertThat(reload(t.id())).isEqualTo(s);
  }

  @Test
  void seqIncreasesWithEverySubmit() {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seqs.add(submit(task()).seq());
    }
    assertThat(seqs).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
  }

  @Test
  void submitAllSubmitsEachInOrder() {
    NewTask a = task().build();
    NewTask b = task().build();
    NewTask aAgain = duplicateOf(a, "bob");

    List<SubmitResult> results = store.submitAll(List.of(a, b, aAgain));

    assertThat(results).extracting(r -> r.task().id()).containsExactly(a.id(), b.id(), a.id());
    assertThat(results).extracting(SubmitResult::joined).containsExactly(false, false, true);
    assertThat(results.get(0).task().seq()).isLessThan(results.get(1).task().seq());
    assertThat(reload(a.id()).owners()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(listing(null, TaskQuery.all()).total()).isEqualTo(2);
  }

  @Test
  void seqsFollowTheBatchsOrderWhateverItsKeys() {
    List<NewTask> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // keys sort the other way round from the batch
      batch.add(task().dedupKey(String.format("key-%02d", 20 - i)).build());
    }

    List<SubmitResult> results = store.submitAll(batch);

    assertThat(results)
        .extracting(r -> r.task().id())
        .containsExactlyElementsOf(batch.stream().map(NewTask::id).toList());
    assertThat(results)
        .extracting(r -> r.task().seq())
        .isSortedAccordingTo(Long::compare)
        .doesNotHaveDuplicates();
    assertThat(store.claim(new ClaimRequest("node-a", 20, LONG_LEASE, Set.of(TYPE, OTHER_TYPE))))
        .extracting(StoredTask::id)
        .containsExactlyElementsOf(batch.stream().map(NewTask::id).toList());
  }

  @Test
  void findOfAMissingIdIsEmpty() {
    assertThat(store.find(newId())).isEmpty();
    assertThat(store.executions(newId())).isEmpty();
  }

  // ---------------------------------------------- whole microseconds (issue 15)

  @Test
  void instantsAreKeptToTheWholeMicrosecondOnEveryStore() {
    Instant t0 = store.now().truncatedTo(ChronoUnit.SECONDS);
    Instant created = t0.plusNanos(123_456_789);
    Instant due = t0.minusSeconds(1).plusNanos(999_999_999);
    Instant finished = store.now().plusNanos(987);
    NewTask n = task().createdAt(created).scheduledAt(due).build();
    submit(n);

    StoredTask read = reload(n.id());
    assertThat(read.createdAt()).isEqualTo(t0.plusNanos(123_456_000));
    assertThat(read.nextAttemptAt()).isEqualTo(t0.minusSeconds(1).plusNanos(999_999_000));
    StoredTask claimed = claimExactly(n.id(), "node-a", LONG_LEASE);
    assertThat(claimed.startedAt().getNano() % 1_000).as("a claim's start").isZero();
    assertThat(complete(succeeded(claimed, "\"done\"", finished))).isTrue();

    Instant kept = finished.truncatedTo(ChronoUnit.MICROS);
    assertThat(reload(n.id()).finishedAt()).isEqualTo(kept);
    assertThat(store.executions(n.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.finishedAt()).isEqualTo(kept));
    Configuration c = configuration("alice", created);
    store.insertConfiguration(c);
    assertThat(store.findConfiguration(c.id()).orElseThrow().createdAt())
        .isEqualTo(t0.plusNanos(123_456_000));
    assertThat(store.now().getNano() % 1_000).as("the store's now").isZero();
  }
}
