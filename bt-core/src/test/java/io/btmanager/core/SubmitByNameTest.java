package io.btmanager.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.InvalidArgumentsException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.InvalidScheduleException;
import io.btmanager.core.exception.PayloadTooLargeException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Submit by type name with JSON arguments, and the registered types with their schemas. */
class SubmitByNameTest {
  enum Fit {
    COVER,
    CONTAIN
  }

  record Size(int width, int height) {}

  record Resize(String image, Size size, Fit fit, Instant notAfter) {}

  record Ping(String host) {}

  private final TaskDefinition<Resize, String> resize = TaskDefinition.of(
          "resize", Resize.class, String.class)
      .handler((ctx, a) -> "ok")
      .timeout(Duration.ofMinutes(2))
      .defaultPriority(Priority.HIGH)
      .build();
  private final TaskDefinition<Ping, Void> ping =
      TaskDefinition.of("ping", Ping.class).handler((ctx, a) -> null).build();
  private final TaskManager manager = TaskManager.builder()
      .register(resize, ping)
      .maxArgumentBytes(1024)
      .clock(java.time.Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
      .build();
  private final UserTasks alice = manager.forUser("alice");

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void jsonArgumentsJoinTheTypedSubmitOfTheSameValues() {
    Resize typed = new Resize("cat.png", new Size(640, 480), Fit.COVER, null);
    Submitted<String> first = manager.forUser("bob").submit(resize, typed);

    // keys in another order, a number written as 640.0, the null field left out
    Submitted<Object> s = alice.submitJson(
        "resize",
        "{\"size\":{\"height\":480,\"width\":640.0},\"fit\":\"COVER\",\"image\":\"cat.png\"}",
        o -> o.name("From a form"));

    assertThat(s.joined()).isTrue();
    assertThat(s.id()).isEqualTo(first.id());
    assertThat(alice.get(s.id()).owners()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(s.task().argumentsJson()).isEqualTo(first.task().argumentsJson());
  }

  @Test
  void aNewJsonSubmitTakesTheOptionsAndTheTypesDefaults() {
    Submitted<Object> s =
        alice.submitJson("ping", "{\"host\":\"example.org\"}", o -> o.description("d"));

    assertThat(s.joined()).isFalse();
    assertThat(s.task().type()).isEqualTo("ping");
    assertThat(s.task().name()).isEqualTo("ping");
    assertThat(s.task().description()).isEqualTo("d");
    assertThat(s.task().argumentsJson()).isEqualTo("{\"host\":\"example.org\"}");
  }

  @Test
  void aFieldThatDoesNotBindIsNamedByItsPathAndNothingIsStored() {
    assertThatThrownBy(() -> alice.submitJson(
            "resize", "{\"image\":\"a\",\"size\":{\"width\":\"wide\",\"height\":1}}", o -> {}))
        .isInstanceOfSatisfying(InvalidArgumentsException.class, e -> {
          assertThat(e.field()).isEqualTo("$.size.width");
          assertThat(e.accepted()).contains("image: String", "size: Size");
        });
    assertThatThrownBy(() -> alice.submitJson("resize", "{\"image\":\"a\",\"colour\":1}", o -> {}))
        .isInstanceOfSatisfying(
            InvalidArgumentsException.class, e -> assertThat(e.field()).isEqualTo("$.colour"));
    assertThatThrownBy(() -> alice.submitJson("resize", "{\"image\":", o -> {}))
        .isInstanceOfSatisfying(
            InvalidArgumentsException.class, e -> assertThat(e.field()).isEqualTo("$"));
    // as the typed submit of a null
    assertThatThrownBy(() -> alice.submitJson("resize", "null", o -> {}))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("arguments"));
    assertThat(alice.list(TaskQuery.mine()).total()).isZero();
  }

  @Test
  void anUnknownTypeOrTooLargeArgumentsAreRefusedAsForATypedSubmit() {
    assertThatThrownBy(() -> alice.submitJson("resize-image", "{}", o -> {}))
        .isInstanceOfSatisfying(UnknownTaskTypeException.class, e -> {
          assertThat(e.field()).isEqualTo("type");
          assertThat(e.accepted()).contains("ping", "resize");
        });
    String big = "{\"host\":\"" + "x".repeat(2000) + "\"}";
    assertThatThrownBy(() -> alice.submitJson("ping", big, o -> {}))
        .isInstanceOf(PayloadTooLargeException.class);
    assertThatThrownBy(() -> alice.submit(ping, new Ping("x".repeat(2000))))
        .isInstanceOf(PayloadTooLargeException.class);
    assertThat(alice.list(TaskQuery.mine()).total()).isZero();
  }

  @Test
  void typesAreListedByNameWithTheirPoliciesAndArgumentSchemas() throws Exception {
    List<TaskType> types = manager.types();

    assertThat(types).extracting(TaskType::name).containsExactly("ping", "resize");
    TaskType r = types.get(1);
    assertThat(r.defaultPriority()).isEqualTo(Priority.HIGH);
    assertThat(r.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(r.maxAttempts()).isEqualTo(1);

    JsonNode schema = new ObjectMapper().readTree(r.argumentsSchema());
    assertThat(schema.path("$schema").asText()).contains("2020-12");
    assertThat(schema.path("type").asText()).isEqualTo("object");
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    JsonNode props = schema.path("properties");
    assertThat(props.path("image").path("type").asText()).isEqualTo("string");
    assertThat(props.path("fit").path("enum"))
        .extracting(JsonNode::asText)
        .containsExactly("COVER", "CONTAIN");
    assertThat(props.path("notAfter").path("type").asText()).isEqualTo("string");
    JsonNode size = props.path("size");
    assertThat(size.path("properties").path("width").path("type").asText()).isEqualTo("integer");
    assertThat(size.path("required"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("width", "height");
  }

  @Test
  void configurationsAndScheduleEntriesTakeJsonArgumentsByTypeName() {
    var saved = alice.configurations().saveJson("ping", "Home", "{\"host\":\"home\"}");
    assertThat(saved.type()).isEqualTo("ping");
    assertThat(saved.argumentsJson()).isEqualTo("{\"host\":\"home\"}");
    assertThat(
            alice.configurations().updateJson(saved.id(), "{\"host\":\"work\"}").argumentsJson())
        .isEqualTo("{\"host\":\"work\"}");
    assertThatThrownBy(() -> alice.configurations().saveJson("ping", "Bad", "{\"port\":1}"))
        .isInstanceOfSatisfying(
            InvalidArgumentsException.class, e -> assertThat(e.field()).isEqualTo("$.port"));

    var entry = alice
        .schedules()
        .createJson("ping", "{\"host\":\"h\"}", Schedule.everySeconds(60), o -> o.name("Hourly"));
    assertThat(entry.type()).isEqualTo("ping");
    assertThat(entry.name()).isEqualTo("Hourly");
    assertThatThrownBy(() -> alice
            .schedules()
            .createJson("ping", "{\"host\":{\"a\":1}}", Schedule.everySeconds(60), o -> {}))
        .isInstanceOf(InvalidArgumentsException.class);
    assertThatThrownBy(() -> alice
            .schedules()
            .createJson("ping", "{}", Schedule.cron("not a cron", ZoneOffset.UTC), o -> {}))
        .isInstanceOf(InvalidScheduleException.class);
    assertThat(alice.schedules().list()).hasSize(1);
    assertThat(alice.configurations().list()).hasSize(1);
  }
}
