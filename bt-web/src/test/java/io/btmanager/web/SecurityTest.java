package io.btmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.TaskManager;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.web.WebFixture.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Each of bt-web's defences over real HTTP on loopback. */
class SecurityTest {

  @Test
  void noCredentialsIs401AndNoResolverRefusesToStart() {
    try (WebFixture f = WebFixture.start()) {
      Response r = f.get(null, "/tasks");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().path("code").asText()).isEqualTo("unauthenticated");
      assertThat(f.post(null, "/tasks", "{}").status()).isEqualTo(401);
    }
    try (TaskManager m =
        TaskManager.builder().register(TestTaskTypes.succeeds("echo")).build()) {
      assertThatThrownBy(() -> BtWeb.builder(m).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no UserResolver");
      try (BtWeb anonymous = BtWeb.builder(m).allowAnonymousDevelopment().build()) {
        assertThat(anonymous.manager()).isSameAs(m);
      }
    }
  }

  @Test
  void aCrossSiteUnsafeRequestIsRefusedAndChangesNothing() {
    try (WebFixture f = WebFixture.start()) {
      String body = "{\"type\":\"echo\",\"arguments\":{\"label\":\"csrf\",\"n\":0}}";
      Response origin =
          f.send("alice", "POST", "/tasks", body, Map.of("Origin", "https://evil.example"));
      assertThat(origin.status()).isEqualTo(403);
      assertThat(origin.json().path("code").asText()).isEqualTo("cross-site");
      assertThat(rawHeaders(
              f,
              "POST /bt/api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + WebFixture.USER_HEADER + ": alice\r\nOrigin: https://evil.example\r\n"
                  + "Content-Type: application/json\r\nContent-Length: " + body.length()
                  + "\r\n\r\n"
                  + body))
          .as("the unread body is not left for the client's next request on this connection")
          .containsIgnoringCase("Connection: close");
      Response fetchSite =
          f.send("alice", "POST", "/tasks", body, Map.of("Sec-Fetch-Site", "cross-site"));
      assertThat(fetchSite.status()).isEqualTo(403);
      Response sameSite =
          f.send("alice", "POST", "/tasks", body, Map.of("Sec-Fetch-Site", "same-site"));
      assertThat(sameSite.status()).isEqualTo(403);
      assertThat(f.manager.forUser("alice").list(TaskQuery.mine()).total()).isZero();

      String own = "http://127.0.0.1:" + f.server.port();
      assertThat(f.send("alice", "POST", "/tasks", body, Map.of("Origin", own)).status())
          .isEqualTo(201);
      assertThat(f.send("alice", "GET", "/tasks", null, Map.of("Origin", "https://evil.example"))
              .status())
          .as("a read is answered; the browser keeps it from the other site (no CORS)")
          .isEqualTo(200);
    }
  }

  /** The status line and headers of a raw HTTP/1.1 exchange. */
  private static String rawHeaders(WebFixture f, String request) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(
          s.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      StringBuilder head = new StringBuilder();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        head.append(line).append('\n');
      }
      return head.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aCrossSiteWebSocketHandshakeIsRefused() {
    try (WebFixture f = WebFixture.start()) {
      URI ws = URI.create("ws://127.0.0.1:" + f.server.port() + "/bt/api/push/ws");
      var listener = new PushTest.Collector();
      assertThatThrownBy(() -> HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header(WebFixture.USER_HEADER, "alice")
              .header("Origin", "https://evil.example")
              .buildAsync(ws, listener)
              .join())
          .isInstanceOf(CompletionException.class)
          .rootCause()
          .hasMessageContaining("403");
      WebSocket ok = HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .header(WebFixture.USER_HEADER, "alice")
          .header("Origin", "http://127.0.0.1:" + f.server.port())
          .buildAsync(ws, listener)
          .join();
      ok.abort();
    }
  }

  @Test
  void aFloodIsAnswered429WithRetryAfter() {
    try (WebFixture f = WebFixture.start(b -> b.rateLimit(1, 5))) {
      for (int i = 0; i < 5; i++) {
        assertThat(f.get("alice", "/me").status()).isEqualTo(200);
      }
      Response limited = f.get("alice", "/me");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.json().path("code").asText()).isEqualTo("rate-limited");
      assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
      assertThat(f.get("bob", "/me").status())
          .as("another user has a bucket of their own")
          .isEqualTo(200);
    }
  }

  @Test
  void oversizedMalformedAndNonJsonBodiesAreRefused() {
    try (WebFixture f = WebFixture.start(b -> b.maxBodyBytes(2048))) {
      String big = "{\"type\":\"echo\",\"arguments\":{\"label\":\"" + "x".repeat(5000) + "\"}}";
      Response large = f.post("alice", "/tasks", big);
      assertThat(large.status()).isEqualTo(413);
      assertThat(large.json().path("code").asText()).isEqualTo("payload-too-large");

      Response malformed = f.post("alice", "/tasks", "{\"type\":\"echo\",");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.json().path("code").asText()).isEqualTo("malformed-json");
      assertThat(malformed.json().path("detail").asText()).contains("line 1");
      Response duplicate = f.post("alice", "/tasks", "{\"type\":\"echo\",\"type\":\"hang\"}");
      assertThat(duplicate.json().path("code").asText()).isEqualTo("malformed-json");

      Response form = f.send(
          "alice",
          "POST",
          "/tasks",
          null,
          Map.of("Content-Type", "application/x-www-form-urlencoded"));
      assertThat(form.status()).isEqualTo(415);
      HttpRequest text = HttpRequest.newBuilder(f.api("/tasks"))
          .header(WebFixture.USER_HEADER, "alice")
          .header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"echo\"}"))
          .build();
      assertThat(f.send(text).status()).isEqualTo(415);
      assertThat(f.manager.forUser("alice").list(TaskQuery.mine()).total()).isZero();
    }
  }

  @Test
  void accessLevelsAdminRoutesAndSubmittableTypes() {
    try (WebFixture f = WebFixture.start(b -> b.access(u -> switch (u.name()) {
          case "reader" -> AccessLevel.READ_ONLY;
          case "banned" -> AccessLevel.NONE;
          default -> AccessLevel.FULL;
        })
        .submittableTypes("echo"))) {
      String body = "{\"type\":\"echo\",\"arguments\":{\"label\":\"r\",\"n\":0}}";
      assertThat(f.get("reader", "/tasks").status()).isEqualTo(200);
      Response ro = f.post("reader", "/tasks", body);
      assertThat(ro.status()).isEqualTo(403);
      assertThat(ro.json().path("code").asText()).isEqualTo("read-only");
      assertThat(f.get("banned", "/tasks").json().path("code").asText()).isEqualTo("forbidden");
      Response notAdmin = f.get("alice", "/admin/tasks");
      assertThat(notAdmin.status()).isEqualTo(403);
      assertThat(notAdmin.json().path("code").asText()).isEqualTo("admin-only");
      assertThat(f.get("root", "/admin/tasks").status()).isEqualTo(200);

      Response hang = f.post("alice", "/tasks", body.replace("echo", "hang"));
      assertThat(hang.status()).isEqualTo(403);
      assertThat(hang.json().path("code").asText()).isEqualTo("type-not-submittable");
      assertThat(hang.json().path("accepted").asText()).isEqualTo("one of [echo]");
      assertThat(f.post("alice", "/tasks", body).status()).isEqualTo(201);
    }
  }

  @Test
  void capsOnIdsPerBulkAndPartsPerBatch() {
    try (WebFixture f = WebFixture.start(b -> b.maxIdsPerBulk(2).maxBatchParts(2))) {
      Response ids = f.post("alice", "/tasks/bulk/stop", "{\"ids\":[\"a\",\"b\",\"c\"]}");
      assertThat(ids.status()).isEqualTo(400);
      assertThat(ids.json().path("code").asText()).isEqualTo("too-many-ids");
      assertThat(ids.json().path("field").asText()).isEqualTo("ids");
      String part = "{\"method\":\"GET\",\"path\":\"/me\"}";
      Response parts =
          f.post("alice", "/batch", "{\"parts\":[" + part + "," + part + "," + part + "]}");
      assertThat(parts.status()).isEqualTo(400);
      assertThat(parts.json().path("code").asText()).isEqualTo("too-many-parts");
    }
  }

  @Test
  void aForgedBatchPartActsOnlyAsTheRequestsUser() throws Exception {
    try (WebFixture f = WebFixture.start(b -> b.rateLimit(60, 4))) {
      String bobs = f.submit("bob", "hang", "bobs");
      Response r = f.post(
          "alice",
          "/batch",
          "{\"parts\":["
              + "{\"method\":\"DELETE\",\"path\":\"/tasks/" + bobs + "\"},"
              + "{\"method\":\"POST\",\"path\":\"/admin/tasks/" + bobs + "/stop\"},"
              + "{\"method\":\"GET\",\"path\":\"/me\"},"
              + "{\"method\":\"GET\",\"path\":\"/me\"}]}");
      assertThat(r.status()).isEqualTo(200);
      var responses = r.json().path("responses");
      assertThat(responses.get(0).path("status").asInt()).isEqualTo(404);
      assertThat(responses.get(1).path("status").asInt()).isEqualTo(403);
      assertThat(responses.get(2).path("body").path("user").asText()).isEqualTo("alice");
      assertThat(responses.get(3).path("status").asInt())
          .as("every part counts against the same rate limit (4: the batch and three parts)")
          .isEqualTo(429);
      assertThat(f.manager.forUser("bob").get(bobs).isActive()).isTrue();

      int n = 0;
      for (String forged : new String[] {
        "{\"method\":\"GET\",\"path\":\"/me\",\"headers\":{\"X-Test-User\":\"bob\"}}",
        "{\"method\":\"POST\",\"path\":\"/batch\"}",
        "{\"method\":\"GET\",\"path\":\"http://127.0.0.1/bt/api/me\"}",
        "{\"method\":\"GET\",\"path\":\"/push/sse\"}",
        "{\"method\":\"PUT\",\"path\":\"/me\"}"
      }) {
        Response refused = f.post("carol" + n++, "/batch", "{\"parts\":[" + forged + "]}");
        assertThat(refused.status()).as(forged).isEqualTo(400);
        assertThat(refused.json().path("field").asText()).startsWith("parts[0].");
      }
    }
  }

  @Test
  void theDashboardIsServedUnderAStrictContentSecurityPolicy() {
    try (WebFixture f = WebFixture.start()) {
      var index = f.send(HttpRequest.newBuilder(f.server.dashboard()).build());
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.header("Content-Type")).startsWith("text/html");
      String csp = index.header("Content-Security-Policy");
      assertThat(csp).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
      assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
      var traversal = f.send(
          HttpRequest.newBuilder(f.server.dashboard().resolve("../bt/%2e%2e/x")).build());
      assertThat(traversal.status()).isIn(400, 404);
      assertThat(traversal.body()).doesNotContain("org.eclipse", "at java.");
      assertThat(traversal.header("Server")).isNull();
      var root =
          f.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + "/"))
              .build());
      assertThat(root.status()).isEqualTo(302);
      assertThat(root.header("Location")).endsWith("/bt/");
    }
  }
}
