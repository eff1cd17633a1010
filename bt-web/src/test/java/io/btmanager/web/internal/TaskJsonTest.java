package io.btmanager.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.Page;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A task's JSON, written field by field to the generator, is exactly the documented shape: every
 * field in its place, nulls written, arguments and result embedded as JSON, owners and the error's
 * detail for the admin only, a non-http link left out.
 */
class TaskJsonTest {
  private static final Task TASK = Task.builder()
      .id("t-1")
      .type("resize")
      .name("Holiday \"photos\"")
      .description("")
      .argumentsJson("{\"size\":2}")
      .dedupKey("k1")
      .state(TaskState.FAILED)
      .priority(Priority.HIGH)
      .owners(Set.of("carol", "alice"))
      .link(URI.create("https://photos.example.com/a"))
      .progress(new Progress(3, 4, "step 3"))
      .createdAt(Instant.parse("2026-12-04T10:00:00Z"))
      .startedAt(Instant.parse("2026-12-04T10:00:01.5Z"))
      .finishedAt(Instant.parse("2026-12-04T10:00:02.000000001Z"))
      .resultJson("[1,2]")
      .error(
          new TaskError(ErrorKind.IO, "The disk is full", "Free some space", true, "IOException"))
      .attempt(2)
      .maxAttempts(3)
      .queuePosition(-1)
      .groupSize(1)
      .build();

  private static final String USER_VIEW = "{\"id\":\"t-1\",\"type\":\"resize\","
      + "\"name\":\"Holiday \\\"photos\\\"\",\"description\":\"\",\"arguments\":{\"size\":2},"
      + "\"state\":\"FAILED\",\"active\":false,\"priority\":\"HIGH\",\"shared\":true,"
      + "\"ownerCount\":2,\"link\":\"https://photos.example.com/a\","
      + "\"progress\":{\"done\":3,\"total\":4,\"percent\":75,\"message\":\"step 3\"},"
      + "\"createdAt\":\"2026-12-04T10:00:00Z\",\"startedAt\":\"2026-12-04T10:00:01.500Z\","
      + "\"finishedAt\":\"2026-12-04T10:00:02.000000001Z\",\"nextAttemptAt\":null,"
      + "\"result\":[1,2],\"error\":{\"kind\":\"IO\",\"summary\":\"The disk is full\","
      + "\"action\":\"Free some space\",\"retryable\":true},\"attempt\":2,\"maxAttempts\":3,"
      + "\"configurationId\":null,\"scheduleEntryId\":null,\"queuePosition\":null,\"eta\":null,"
      + "\"groupSize\":1,\"groupKey\":\"k1\"}";

  @Test
  void aUserSeesEveryFieldButTheOwnersAndTheTechnicalDetail() {
    assertThat(Mapper.text(TaskJson.task(TASK, false))).isEqualTo(USER_VIEW);
  }

  @Test
  void theAdminAlsoSeesTheOwnersSortedAndTheDetail() {
    assertThat(Mapper.text(TaskJson.task(TASK, true)))
        .isEqualTo(USER_VIEW
            .replace("\"ownerCount\":2,", "\"ownerCount\":2,\"owners\":[\"alice\",\"carol\"],")
            .replace("\"retryable\":true}", "\"retryable\":true,\"detail\":\"IOException\"}"));
  }

  @Test
  void aPageAndATaskInsideATreeAreTheSameJson() {
    Task javascript = TASK.toBuilder()
        .link(URI.create("javascript:alert(1)"))
        .queuePosition(7)
        .build();
    String page = Mapper.text(TaskJson.page(new Page<>(List.of(TASK, javascript), 0, 2, 5), false));
    assertThat(page)
        .startsWith("{\"items\":[" + USER_VIEW + ",")
        .contains("\"link\":null", "\"queuePosition\":7")
        .endsWith("],\"offset\":0,\"limit\":2,\"total\":5,\"hasNext\":true}");
    var tree = Mapper.object();
    tree.putPOJO("task", TaskJson.task(TASK, false));
    assertThat(Mapper.text(tree)).isEqualTo("{\"task\":" + USER_VIEW + "}");
    assertThat(Mapper.JSON.valueToTree(TaskJson.task(TASK, false)).toString())
        .as("as a batch part embeds it")
        .isEqualTo(USER_VIEW);
  }
}
