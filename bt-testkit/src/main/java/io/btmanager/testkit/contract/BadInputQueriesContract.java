package io.btmanager.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Bad input to listings: filters and pages out of range are refused; duplicates and unbounded
 * periods are accepted.
 */
abstract class BadInputQueriesContract extends BadInputArea {
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
