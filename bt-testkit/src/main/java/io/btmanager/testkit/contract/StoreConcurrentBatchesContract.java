package io.btmanager.testkit.contract;

import static io.btmanager.testkit.contract.Racing.race;
import static io.btmanager.testkit.contract.StoreFixtures.duplicateOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Rule 2 under concurrency: batches of the same keys, submitted at once in different orders, make
 * one task per key.
 */
abstract class StoreConcurrentBatchesContract extends StoreContractArea {

  @Test
  void eightBatchesOfTheSameKeysInDifferentOrdersMakeOneTaskPerKeyWithEightOwners() {
    List<NewTask> keys = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      keys.add(task().build());
    }
    int n = 8;

    List<List<SubmitResult>> results = race(n, i -> {
      List<NewTask> batch = new ArrayList<>();
      for (NewTask k : keys) {
        batch.add(duplicateOf(k, "user-" + i));
      }
      Collections.shuffle(batch, new Random(i)); // no two batches take the keys in one order
      if (i % 2 == 1) {
        Collections.reverse(batch);
      }
      return store.submitAll(batch);
    });

    List<StoredTask> all = listing(null, TaskQuery.all().page(0, 500)).tasks();
    assertThat(all).hasSize(keys.size());
    Set<String> everyone =
        IntStream.range(0, n).mapToObj(i -> "user-" + i).collect(Collectors.toSet());
    assertThat(all).allSatisfy(t -> assertThat(t.owners()).isEqualTo(everyone));
    Map<String, String> idByKey =
        all.stream().collect(Collectors.toMap(StoredTask::dedupKey, StoredTask::id));
    for (List<SubmitResult> batch : results) {
      assertThat(batch)
          .hasSize(keys.size())
          .allSatisfy(
              r -> assertThat(r.task().id()).isEqualTo(idByKey.get(r.task().dedupKey())));
    }
    assertThat(results.stream().flatMap(List::stream).filter(r -> !r.joined()))
        .hasSize(keys.size());
  }
}
