package io.btmanager.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.task.Task;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.TestTaskTypes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A manager with test task types, its web face on a real Jetty on loopback, and an HTTP client that
 * signs requests in as a user through the trusted-header resolver.
 */
final class WebFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER_HEADER = "X-Test-User";
  static final String GROUPS_HEADER = "X-Test-Groups";

  final TaskManager manager;
  final BtWeb web;
  final BtWebServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final CountDownLatch hangStarted = new CountDownLatch(1);

  private WebFixture(Consumer<BtWeb.Builder> config) {
    this.manager = TaskManager.builder()
        .executor(LocalExecutor.threads(4))
        .shutdownGrace(Duration.ofMillis(200))
        .nodeId("web-test")
        .heartbeatInterval(Duration.ofMillis(200))
        .leaseDuration(Duration.ofSeconds(5))
        .register(
            TestTaskTypes.succeeds("echo"),
            TestTaskTypes.alwaysFails("fails"),
            TestTaskTypes.reportsProgress("progress"),
            TestTaskTypes.hangsUntilCancelled("hang", hangStarted),
            progressFlood())
        .build();
    BtWeb.Builder b = BtWeb.builder(manager)
        .users(UserResolver.trustedHeader(USER_HEADER, GROUPS_HEADER, "admins"));
    config.accept(b);
    this.web = b.build();
    this.server = BtWebServer.start(web, new InetSocketAddress("127.0.0.1", 0), "/bt");
  }

  static WebFixture start() {
    return new WebFixture(b -> {});
  }

  static WebFixture start(Consumer<BtWeb.Builder> config) {
    return new WebFixture(config);
  }

  /** Reports progress n times, as fast as it can, then succeeds: a flood of progress events. */
  private static TaskDefinition<TestTaskTypes.Args, String> progressFlood() {
    return TaskDefinition.of("progress-flood", TestTaskTypes.Args.class, String.class)
        .handler((ctx, a) -> {
          for (int i = 1; i <= a.n(); i++) {
            ctx.progress(i, a.n(), "step " + i);
          }
          return a.label();
        })
        .build();
  }

  URI api(String path) {
    return server.api().resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  Task await(String user, String id) throws InterruptedException {
    return manager.forUser(user).awaitFinished(id, Duration.ofSeconds(20));
  }

  Response get(String user, String path) {
    return send(user, "GET", path, null, Map.of());
  }

  Response post(String user, String path, String json) {
    return send(user, "POST", path, json, Map.of());
  }

  Response patch(String user, String path, String json) {
    return send(user, "PATCH", path, json, Map.of());
  }

  Response delete(String user, String path) {
    return send(user, "DELETE", path, null, Map.of());
  }

  /** A request as {@code user} ("root" is an admin; null sends no credentials). */
  Response send(String user, String method, String path, String json, Map<String, String> headers) {
    HttpRequest.Builder r = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(20));
    if (user != null) {
      r.header(USER_HEADER, user);
      if (user.equals("root")) {
        r.header(GROUPS_HEADER, "staff, admins");
      }
    }
    if (json != null) {
      r.header("Content-Type", "application/json");
    }
    headers.forEach(r::header);
    r.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return send(r.build());
  }

  Response send(HttpRequest request) {
    try {
      HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = resp.body().isEmpty() ? null : parse(resp.body());
      return new Response(resp.statusCode(), resp, json, resp.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** Submits {@code type} with a label as {@code user} and returns the task's id. */
  String submit(String user, String type, String label) {
    return submit(user, type, label, 0);
  }

  String submit(String user, String type, String label, int n) {
    Response r = post(
        user,
        "/tasks",
        "{\"type\":\"" + type + "\",\"arguments\":{\"label\":\"" + label + "\",\"n\":" + n + "}}");
    if (r.status() != 201 && r.status() != 200) {
      throw new AssertionError("submit answered " + r.status() + ": " + r.body());
    }
    return r.json().path("task").path("id").asText();
  }

  @Override
  public void close() {
    server.close();
    web.close();
    manager.close();
  }

  record Response(int status, HttpResponse<String> raw, JsonNode json, String body) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }
}
