package io.btmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.web.WebFixture.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Configurations and schedule entries over HTTP: the whole of both user views. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogApiTest {
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
  void configurationsAreSavedUsedEditedAndKeptWhileInUse() throws Exception {
    Response saved = f.post(
        "alice",
        "/configurations",
        "{\"type\":\"hang\",\"name\":\"Base\",\"arguments\":{\"label\":\"cfg\",\"n\":0}}");
    assertThat(saved.status()).isEqualTo(201);
    String id = saved.json().path("id").asText();
    assertThat(saved.header("Location")).endsWith("/bt/api/configurations/" + id);
    assertThat(f.get("bob", "/configurations/" + id).status()).isEqualTo(404);

    Response task =
        f.post("alice", "/tasks", "{\"configurationId\":\"" + id + "\",\"overrides\":{\"n\":7}}");
    assertThat(task.status()).isEqualTo(201);
    JsonNode t = task.json().path("task");
    assertThat(t.path("configurationId").asText()).isEqualTo(id);
    assertThat(t.path("arguments").path("n").asInt()).isEqualTo(7);

    Response inUse = f.delete("alice", "/configurations/" + id);
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.json().path("code").asText()).isEqualTo("configuration-in-use");
    Response patched = f.patch(
        "alice",
        "/configurations/" + id,
        "{\"name\":\"Renamed\",\"arguments\":{\"label\":\"x\",\"n\":1}}");
    assertThat(patched.json().path("name").asText()).isEqualTo("Renamed");
    assertThat(patched.json().path("arguments").path("n").asInt()).isEqualTo(1);
    Response bad = f.patch("alice", "/configurations/" + id, "{\"arguments\":{\"n\":\"one\"}}");
    assertThat(bad.json().path("field").asText()).isEqualTo("arguments.n");

    f.post("alice", "/tasks/" + t.path("id").asText() + "/stop", null);
    f.await("alice", t.path("id").asText());
    assertThat(f.post("alice", "/configurations/delete-unused", null).json().path("deleted"))
        .extracting(JsonNode::asText)
        .containsExactly(id);
    assertThat(f.get("alice", "/configurations").json()).isEmpty();
  }

  @Test
  void scheduleEntriesAreCreatedRescheduledDisabledAndDeleted() {
    Response created = f.post(
        "bob",
        "/schedules",
        "{\"type\":\"echo\",\"arguments\":{\"label\":\"tick\",\"n\":0},"
            + "\"schedule\":{\"cron\":\"0 3 * * *\",\"zone\":\"Europe/Paris\"},\"name\":\"Nightly\"}");
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertThat(created.json().path("schedule").path("zone").asText()).isEqualTo("Europe/Paris");
    assertThat(created.json().path("enabled").asBoolean()).isTrue();

    JsonNode every = f.patch(
            "bob", "/schedules/" + id, "{\"schedule\":{\"everySeconds\":3600},\"enabled\":false}")
        .json();
    assertThat(every.path("schedule").path("everySeconds").asLong()).isEqualTo(3600);
    assertThat(every.path("enabled").asBoolean()).isFalse();
    assertThat(f.get("alice", "/schedules/" + id).status()).isEqualTo(404);

    Response badCron = f.post(
        "bob",
        "/schedules",
        "{\"type\":\"echo\",\"arguments\":{},\"schedule\":{\"cron\":\"every day\"}}");
    assertThat(badCron.status()).isEqualTo(400);
    assertThat(badCron.json().path("accepted").asText()).contains("minute");
    Response both = f.post(
        "bob",
        "/schedules",
        "{\"type\":\"echo\",\"arguments\":{},\"schedule\":{\"everySeconds\":5,\"cron\":\"* * * * *\"}}");
    assertThat(both.json().path("field").asText()).isEqualTo("schedule.everySeconds");

    f.post(
        "bob",
        "/schedules",
        "{\"type\":\"echo\",\"arguments\":{\"label\":\"b\",\"n\":0},\"schedule\":{\"everySeconds\":3600}}");
    assertThat(f.get("bob", "/schedules").json()).hasSize(2);
    assertThat(f.delete("bob", "/schedules/" + id).status()).isEqualTo(204);
    assertThat(f.delete("bob", "/schedules").json().path("deleted").asInt()).isEqualTo(1);
    assertThat(f.get("bob", "/schedules").json()).isEmpty();
  }
}
