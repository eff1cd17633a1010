package io.btmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.web.WebFixture.Response;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The task routes over real HTTP against the standalone server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskApiTest {
  private WebFixture f;

  @BeforeAll
  void start() {
    f = WebFixture.start();
  }

  @AfterAll
  void stop() {
    f.close();
  }

  @Test
  void aSubmitCreatesWith201AndAnIdenticalOneJoinsWith200() {
    String body = "{\"type\":\"hang\",\"arguments\":{\"label\":\"join-me\",\"n\":0},"
        + "\"name\":\"Long one\",\"description\":\"waits\",\"priority\":\"HIGH\","
        + "\"link\":\"https://example.org/page\"}";
    Response created = f.post("alice", "/tasks", body);
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("task").path("id").asText();
    assertThat(created.header("Location")).isEqualTo("/bt/api/tasks/" + id);
    assertThat(created.json().path("joined").asBoolean()).isFalse();
    JsonNode task = created.json().path("task");
    assertThat(task.path("name").asText()).isEqualTo("Long one");
    assertThat(task.path("priority").asText()).isEqualTo("HIGH");
    assertThat(task.path("link").asText()).isEqualTo("https://example.org/page");
    assertThat(task.path("arguments").path("label").asText()).isEqualTo("join-me");

    Response joined = f.post("bob", "/tasks", body);
    assertThat(joined.status()).isEqualTo(200);
    assertThat(joined.json().path("joined").asBoolean()).isTrue();
    assertThat(joined.json().path("task").path("id").asText()).isEqualTo(id);

    // a user's view: shared and by how many, never who
    JsonNode seen = f.get("alice", "/tasks/" + id).json();
    assertThat(seen.path("shared").asBoolean()).isTrue();
    assertThat(seen.path("ownerCount").asInt()).isEqualTo(2);
    assertThat(seen.has("owners")).isFalse();
    assertThat(f.get("alice", "/tasks/" + id).body()).doesNotContain("bob");
    // the admin's view shows the owners
    JsonNode admin = f.get("root", "/admin/tasks/" + id).json();
    assertThat(admin.path("owners")).extracting(JsonNode::asText).containsExactly("alice", "bob");

    assertThat(f.post("alice", "/tasks/" + id + "/stop", null)
            .json()
            .path("outcome")
            .asText())
        .isEqualTo("DETACHED");
    assertThat(
            f.post("bob", "/tasks/" + id + "/stop", null).json().path("outcome").asText())
        .isIn("CANCEL_REQUESTED", "CANCELLED");
  }

  @Test
  void anotherUsersTaskAnswersExactlyLikeAMissingOne() {
    String id = f.submit("alice", "echo", "private");
    String missing = id.substring(0, id.length() - 4) + "0000";
    for (String[] call : new String[][] {
      {"GET", "/tasks/ID"},
      {"GET", "/tasks/ID/result"},
      {"GET", "/tasks/ID/executions"},
      {"GET", "/tasks/ID/group"},
      {"PATCH", "/tasks/ID"},
      {"POST", "/tasks/ID/stop"},
      {"POST", "/tasks/ID/recreate"},
      {"DELETE", "/tasks/ID"}
    }) {
      String json = call[0].equals("PATCH") ? "{\"name\":\"mine now\"}" : null;
      Response foreign =
          f.send("bob", call[0], call[1].replace("ID", id), json, java.util.Map.of());
      Response absent =
          f.send("bob", call[0], call[1].replace("ID", missing), json, java.util.Map.of());
      assertThat(foreign.status()).as(call[0] + " " + call[1]).isEqualTo(404);
      assertThat(absent.status()).isEqualTo(404);
      assertThat(foreign.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(foreign.json().path("code").asText()).isEqualTo("not-found");
      assertThat(foreign.body().replace(id, "X").replace(call[1].replace("ID", id), "P"))
          .isEqualTo(
              absent.body().replace(missing, "X").replace(call[1].replace("ID", missing), "P"));
    }
    Response bulk = f.post("bob", "/tasks/bulk/delete", "{\"ids\":[\"" + id + "\"]}");
    assertThat(bulk.json().path("results").get(0).path("outcome").asText()).isEqualTo("NOT_FOUND");
    assertThat(f.get("alice", "/tasks/" + id).status()).isEqualTo(200);
  }

  @Test
  void aFailedTaskShowsAdviceButTheTechnicalDetailOnlyToTheAdmin() throws Exception {
    String id = f.submit("alice", "fails", "secret-file");
    f.await("alice", id);

    JsonNode mine = f.get("alice", "/tasks/" + id).json();
    assertThat(mine.path("state").asText()).isEqualTo("FAILED");
    assertThat(mine.path("error").path("summary").asText()).isNotBlank();
    assertThat(mine.path("error").path("action").asText()).isNotBlank();
    assertThat(mine.path("error").has("detail")).isFalse();
    assertThat(f.get("alice", "/tasks/" + id).body()).doesNotContain("IOException");
    JsonNode attempts = f.get("alice", "/tasks/" + id + "/executions").json();
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("FAILED");
    assertThat(attempts.get(0).path("error").has("detail")).isFalse();
    assertThat(attempts.get(0).has("node")).as("a host name is for operators").isFalse();

    JsonNode admin = f.get("root", "/admin/tasks/" + id).json();
    assertThat(admin.path("error").path("detail").asText()).contains("IOException");
    assertThat(f.get("root", "/admin/tasks/" + id + "/executions")
            .json()
            .get(0)
            .path("error")
            .path("detail")
            .asText())
        .contains("secret-file");
    assertThat(f.get("root", "/admin/tasks/" + id + "/executions")
            .json()
            .get(0)
            .path("node")
            .asText())
        .isEqualTo("web-test");
  }

  @Test
  void resultEditRecreateAndTheCollapsedDuplicateGroup() throws Exception {
    String first = f.submit("carol", "echo", "again");
    f.await("carol", first);
    JsonNode result = f.get("carol", "/tasks/" + first + "/result").json();
    assertThat(result.path("available").asBoolean()).isTrue();
    assertThat(result.path("result").asText()).isEqualTo("again");

    Response recreated = f.post("carol", "/tasks/" + first + "/recreate", null);
    assertThat(recreated.json().path("outcome").asText()).isEqualTo("CREATED");
    String second = recreated.json().path("task").path("id").asText();
    f.await("carol", second);

    Response edited = f.patch(
        "carol", "/tasks/" + second, "{\"name\":\"Renamed\",\"link\":null,\"description\":\"d\"}");
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().path("name").asText()).isEqualTo("Renamed");

    JsonNode collapsed = f.get("carol", "/tasks?collapse=true&type=echo").json();
    assertThat(collapsed.path("total").asInt()).isEqualTo(1);
    JsonNode latest = collapsed.path("items").get(0);
    assertThat(latest.path("id").asText()).isEqualTo(second);
    assertThat(latest.path("groupSize").asInt()).isEqualTo(2);
    JsonNode group = f.get("carol", "/tasks/" + second + "/group").json();
    assertThat(ids(group)).containsExactly(second, first);
    assertThat(f.get("carol", "/tasks?type=echo").json().path("total").asInt()).isEqualTo(2);
  }

  @Test
  void listingFiltersSortsAndPages() throws Exception {
    for (int i = 0; i < 5; i++) {
      f.await("dave", f.submit("dave", "echo", "page-" + i));
    }
    String waiting = f.post(
            "dave",
            "/tasks",
            "{\"type\":\"echo\",\"arguments\":{\"label\":\"later\",\"n\":0},"
                + "\"startAt\":\"2999-01-01T00:00:00Z\"}")
        .json()
        .path("task")
        .path("id")
        .asText();

    JsonNode page = f.get("dave", "/tasks?state=SUCCEEDED&sort=name&order=asc&offset=1&limit=2")
        .json();
    assertThat(page.path("total").asInt()).isEqualTo(5);
    assertThat(page.path("hasNext").asBoolean()).isTrue();
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("items").get(0).path("arguments").path("label").asText())
        .isEqualTo("page-1");
    JsonNode scheduled = f.get("dave", "/tasks?state=SCHEDULED,PENDING").json();
    assertThat(ids(scheduled.path("items"))).containsExactly(waiting);
    assertThat(f.get("dave", "/tasks?createdFrom=2999-01-01T00:00:00Z")
            .json()
            .path("total")
            .asInt())
        .isZero();
    Response bad = f.get("dave", "/tasks?state=DONE");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("field").asText()).isEqualTo("state");
    assertThat(bad.json().path("accepted").asText()).contains("SUCCEEDED");
    assertThat(f.get("dave", "/tasks?limit=100000").json().path("accepted").asText())
        .isEqualTo("1 to 500");
  }

  @Test
  void bulkByIdsByQueryAndAllWithAResultPerTask() {
    String a =
        f.post("erin", "/tasks", later("b1")).json().path("task").path("id").asText();
    String b =
        f.post("erin", "/tasks", later("b2")).json().path("task").path("id").asText();
    String c =
        f.post("erin", "/tasks", later("b3")).json().path("task").path("id").asText();

    JsonNode got =
        f.post("erin", "/tasks/bulk/get", "{\"ids\":[\"" + a + "\",\"nope\"]}").json();
    assertThat(got.path("results").get(0).path("outcome").asText()).isEqualTo("FOUND");
    assertThat(got.path("results").get(1).path("outcome").asText()).isEqualTo("NOT_FOUND");
    assertThat(got.path("summary").path("FOUND").asInt()).isEqualTo(1);

    JsonNode stopped = f.post(
            "erin",
            "/tasks/bulk/stop",
            "{\"query\":{\"state\":[\"SCHEDULED\"],\"type\":[\"echo\"]}}")
        .json();
    assertThat(stopped.path("summary").path("CANCELLED").asInt()).isEqualTo(3);
    JsonNode deleted = f.post("erin", "/tasks/bulk/delete", "{\"all\":true}").json();
    assertThat(deleted.path("results").findValuesAsText("taskId"))
        .containsExactlyInAnyOrder(a, b, c);
    assertThat(deleted.path("summary").path("DELETED").asInt()).isEqualTo(3);
    assertThat(f.get("erin", "/tasks").json().path("total").asInt()).isZero();

    Response neither = f.post("erin", "/tasks/bulk/stop", "{}");
    assertThat(neither.status()).isEqualTo(400);
    assertThat(neither.json().path("accepted").asText()).contains("ids", "query", "all");
  }

  @Test
  void badArgumentsAreNamedByTheirPathAndWhatIsAccepted() {
    Response r = f.post(
        "alice", "/tasks", "{\"type\":\"echo\",\"arguments\":{\"label\":\"x\",\"n\":\"many\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("code").asText()).isEqualTo("invalid-arguments");
    assertThat(r.json().path("field").asText()).isEqualTo("arguments.n");
    assertThat(r.json().path("accepted").asText()).contains("label: String", "n: int");
    assertThat(r.body()).doesNotContain("at io.", "Exception");

    Response unknown = f.post("alice", "/tasks", "{\"type\":\"resize\",\"arguments\":{}}");
    assertThat(unknown.json().path("code").asText()).isEqualTo("unknown-type");
    assertThat(unknown.json().path("accepted").asText()).contains("echo", "hang");

    Response field = f.post("alice", "/tasks", "{\"type\":\"echo\",\"arguments\":{},\"colour\":1}");
    assertThat(field.json().path("field").asText()).isEqualTo("colour");
    Response link = f.post(
        "alice", "/tasks", "{\"type\":\"echo\",\"arguments\":{},\"link\":\"javascript:alert(1)\"}");
    assertThat(link.json().path("field").asText()).isEqualTo("link");
    assertThat(
            f.get("alice", "/tasks?type=echo&createdFrom=2999-01-01T00:00:00Z").status())
        .isEqualTo(200);
  }

  @Test
  void aBatchRunsItsPartsInOrderAndAnswersOneResponseEach() {
    String id = f.submit("frank", "hang", "batched");
    Response r = f.post(
        "frank",
        "/batch",
        "{\"parts\":["
            + "{\"method\":\"POST\",\"path\":\"/tasks\",\"body\":{\"type\":\"echo\","
            + "\"arguments\":{\"label\":\"in-batch\",\"n\":0},\"startAt\":\"2999-01-01T00:00:00Z\"}},"
            + "{\"method\":\"GET\",\"path\":\"/tasks/" + id + "\"},"
            + "{\"method\":\"PATCH\",\"path\":\"/tasks/" + id + "\",\"body\":{\"name\":\"B\"}},"
            + "{\"method\":\"GET\",\"path\":\"/tasks?type=echo&state=SCHEDULED\"},"
            + "{\"method\":\"POST\",\"path\":\"/tasks/" + id + "/stop\"},"
            + "{\"method\":\"GET\",\"path\":\"/tasks/nope\"}]}");
    assertThat(r.status()).isEqualTo(200);
    JsonNode parts = r.json().path("responses");
    assertThat(parts).hasSize(6);
    assertThat(parts.get(0).path("status").asInt()).isEqualTo(201);
    String created = parts.get(0).path("body").path("task").path("id").asText();
    assertThat(parts.get(0).path("location").asText()).isEqualTo("/tasks/" + created);
    assertThat(parts
            .get(0)
            .path("body")
            .path("task")
            .path("arguments")
            .path("label")
            .asText())
        .isEqualTo("in-batch");
    assertThat(parts.get(1).path("body").path("name").asText()).isEqualTo("hang");
    assertThat(parts.get(2).path("body").path("name").asText()).isEqualTo("B");
    assertThat(ids(parts.get(3).path("body").path("items"))).containsExactly(created);
    assertThat(parts.get(4).path("body").path("outcome").asText())
        .isIn("CANCELLED", "CANCEL_REQUESTED");
    assertThat(parts.get(5).path("status").asInt()).isEqualTo(404);
    assertThat(parts.get(5).path("body").path("code").asText()).isEqualTo("not-found");
  }

  @Test
  void typesCarryTheirArgumentSchemaAndMeSaysWhoAndWhatLimits() {
    JsonNode types = f.get("alice", "/types").json();
    JsonNode echo = StreamSupport.stream(types.spliterator(), false)
        .filter(t -> t.path("name").asText().equals("echo"))
        .findFirst()
        .orElseThrow();
    assertThat(echo.path("submittable").asBoolean()).isTrue();
    assertThat(echo.path("argumentsSchema")
            .path("properties")
            .path("n")
            .path("type")
            .asText())
        .isEqualTo("integer");
    JsonNode me = f.get("root", "/me").json();
    assertThat(me.path("user").asText()).isEqualTo("root");
    assertThat(me.path("admin").asBoolean()).isTrue();
    assertThat(me.path("access").asText()).isEqualTo("FULL");
    assertThat(me.path("limits").path("maxIdsPerBulk").asInt()).isEqualTo(1000);
  }

  @Test
  void listAndBulkDeleteByWhenTasksRan() throws Exception {
    String ran = f.submit("gina", "echo", "ran");
    Instant started = f.await("gina", ran).startedAt();
    String waiting =
        f.post("gina", "/tasks", later("never")).json().path("task").path("id").asText();
    String period = "ranFrom=" + started + "&ranTo=" + started.plusNanos(1_000);

    assertThat(ids(f.get("gina", "/tasks?" + period).json().path("items"))).containsExactly(ran);
    assertThat(ids(f.get("gina", "/tasks?ranFrom=1970-01-01T00:00:00Z").json().path("items")))
        .containsExactly(ran);
    assertThat(f.get("gina", "/tasks?ranTo=" + started).json().path("total").asInt())
        .isZero();
    Response backwards = f.get("gina", "/tasks?ranFrom=" + started + "&ranTo=1970-01-01T00:00:00Z");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.json().path("field").asText()).isEqualTo("ranTo");
    Response malformed = f.get("gina", "/tasks?ranFrom=yesterday");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("field").asText()).isEqualTo("ranFrom");

    JsonNode deleted = f.post(
            "gina",
            "/tasks/bulk/delete",
            "{\"query\":{\"ranFrom\":\"" + started + "\",\"ranTo\":\"" + started.plusNanos(1_000)
                + "\"}}")
        .json();
    assertThat(deleted.path("results").findValuesAsText("taskId")).containsExactly(ran);
    assertThat(ids(f.get("gina", "/tasks").json().path("items"))).containsExactly(waiting);
  }

  private static String later(String label) {
    return "{\"type\":\"echo\",\"arguments\":{\"label\":\"" + label + "\",\"n\":0},"
        + "\"startAt\":\"2999-01-01T00:00:00Z\"}";
  }

  private static List<String> ids(JsonNode tasks) {
    return StreamSupport.stream(tasks.spliterator(), false)
        .map(t -> t.path("id").asText())
        .toList();
  }
}
