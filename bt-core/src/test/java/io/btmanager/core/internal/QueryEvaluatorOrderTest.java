package io.btmanager.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A listing's page picked with a bounded heap is exactly the page of the fully sorted rows, for
 * every sort, both directions, ties (same time, same name, same priority) and every page size.
 */
class QueryEvaluatorOrderTest {
  private final Random random = new Random(42);

  @Test
  void theFirstRowsAreThoseOfTheFullSortInEveryOrder() {
    List<StoredTask> rows = new ArrayList<>();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int seq = 1; seq <= 600; seq++) {
      boolean finished = random.nextBoolean();
      rows.add(StoredTask.builder()
          .id("t" + seq)
          .seq(seq)
          .type("noop")
          .name("name " + random.nextInt(20)) // many equal names: ties broken by seq
          .description("")
          .argumentsJson("{}")
          .dedupKey("k" + seq)
          .state(finished ? TaskState.SUCCEEDED : TaskState.PENDING)
          .priority(Priority.values()[random.nextInt(3)])
          .owners(Set.of("alice"))
          .progress(Progress.NONE)
          .createdAt(t0.plusSeconds(random.nextInt(50))) // equal times too
          .finishedAt(finished ? t0.plusSeconds(random.nextInt(50)) : null)
          .build());
    }
    for (TaskSort sort : TaskSort.values()) {
      for (boolean descending : new boolean[] {false, true}) {
        Comparator<StoredTask> order =
            QueryEvaluator.order(TaskQuery.mine().sortBy(sort, descending));
        List<StoredTask> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        for (int n : new int[] {0, 1, 2, 50, 149, 150, 151, 600}) {
          Collections.shuffle(rows, random);
          List<StoredTask> first = QueryEvaluator.firstInOrder(new ArrayList<>(rows), order, n);
          assertThat(first.subList(0, n))
              .as("%s %s, first %d", sort, descending ? "desc" : "asc", n)
              .containsExactlyElementsOf(sorted.subList(0, n));
        }
      }
    }
  }
}
