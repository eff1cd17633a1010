package io.btmanager.testkit.contract;

import io.btmanager.core.query.TaskQuery;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the calls on a task: ids that are null or blank, and their other parameters.
 */
abstract class BadInputTaskCallsContract extends BadInputArea {
  @Test
  void idsAreNotNullOrBlank() {
    for (String id : Arrays.asList(null, "", "  ")) {
      refused("taskId", () -> alice.get(id));
      refused("taskId", () -> alice.find(id));
      refused("taskId", () -> alice.stop(id));
      refused("taskId", () -> alice.delete(id));
      refused("taskId", () -> alice.recreate(id));
      refused("taskId", () -> alice.executions(id));
      refused("taskId", () -> alice.edit(id, e -> e.name("x")));
      refused("taskId", () -> alice.result(id, String.class));
      refused("taskId", () -> m.admin().stop(id));
    }
    refused("taskIds", () -> alice.get((List<String>) null));
    refused("taskId", () -> alice.stop(Arrays.asList(taskId, null)));
    refused("taskId", () -> alice.delete(Arrays.asList(taskId, " ")));
  }

  @Test
  void otherParametersAreCheckedToo() {
    refused("resultType", () -> alice.result(taskId, null));
    refused("changes", () -> alice.edit(taskId, null));
    refused("name", () -> alice.edit(taskId, e -> e.name(LONG_NAME)));
    refused("description", () -> alice.edit(taskId, e -> e.description("d".repeat(4_001))));
    refused(
        "link",
        () -> alice.edit(taskId, e -> e.link(URI.create("https://x.org/" + "p".repeat(2_000)))));
    refused("priority", () -> alice.edit(taskId, e -> e.priority(null)));
    refused("timeout", () -> alice.awaitFinished(taskId, null));
    refused("timeout", () -> alice.awaitFinished(taskId, Duration.ofSeconds(-1)));
    refused("listener", () -> alice.subscribe(null));
    refused("query", () -> alice.list(null));
    refused("query", () -> alice.stop((TaskQuery) null));
  }
}
