package io.btmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.core.TaskManager;
import io.btmanager.testkit.TestTaskTypes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** The stock resolvers and the face's close, over HTTP against the standalone server. */
class UserResolverTest {

  @Test
  void theDevelopmentResolverSwitchesUsersByCookieAndSaysWhichOnes() throws Exception {
    try (TaskManager m =
            TaskManager.builder().register(TestTaskTypes.succeeds("echo")).build();
        BtWeb web = BtWeb.builder(m)
            .users(UserResolver.development(List.of("alice", "bob"), Set.of("bob")))
            .build();
        BtWebServer server = BtWebServer.start(web, new InetSocketAddress("127.0.0.1", 0), "/bt")) {
      JsonNode first = me(server, null);
      assertThat(first.path("user").asText()).isEqualTo("alice");
      assertThat(first.path("admin").asBoolean()).isFalse();
      assertThat(first.path("devUsers"))
          .extracting(JsonNode::asText)
          .containsExactly("alice", "bob");
      JsonNode bob = me(server, "bt-dev-user=bob");
      assertThat(bob.path("user").asText()).isEqualTo("bob");
      assertThat(bob.path("admin").asBoolean()).isTrue();
      assertThat(me(server, "bt-dev-user=mallory").path("user").asText()).isEqualTo("alice");
    }
  }

  @Test
  void theTrustedHeaderResolverReadsTheUserAndTheAdminGroup() {
    try (WebFixture f = WebFixture.start()) {
      assertThat(f.get("alice", "/me").json().path("devUsers")).isEmpty();
      JsonNode admin = f.send(
              null,
              "GET",
              "/me",
              null,
              java.util.Map.of(
                  WebFixture.USER_HEADER, "root", WebFixture.GROUPS_HEADER, "x,admins"))
          .json();
      assertThat(admin.path("admin").asBoolean()).isTrue();
      JsonNode notAdmin = f.send(
              null,
              "GET",
              "/me",
              null,
              java.util.Map.of(WebFixture.USER_HEADER, "eve", WebFixture.GROUPS_HEADER, "admins-x"))
          .json();
      assertThat(notAdmin.path("admin").asBoolean()).isFalse();
    }
  }

  @Test
  void closingTheFaceEndsItsPushStreams() {
    try (WebFixture f = WebFixture.start()) {
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      CompletableFuture<String> hello = new CompletableFuture<>();
      WebSocket ws = HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .header(WebFixture.USER_HEADER, "alice")
          .buildAsync(
              URI.create("ws://127.0.0.1:" + f.server.port() + "/bt/api/push/ws"),
              new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence text, boolean last) {
                  hello.complete(text.toString());
                  w.request(1);
                  return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                  closed.complete(code);
                  return null;
                }
              })
          .join();
      assertThat(hello.join()).contains("\"type\":\"hello\"");
      f.web.close();
      await().atMost(Duration.ofSeconds(20)).until(closed::isDone);
      assertThat(closed.join()).isEqualTo(1001);
      assertThat(ws.isInputClosed()).isTrue();
    }
  }

  private static JsonNode me(BtWebServer server, String cookie)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(server.api().resolve("me"));
    if (cookie != null) {
      r.header("Cookie", cookie);
    }
    return WebFixture.JSON.readTree(HttpClient.newHttpClient()
        .send(r.build(), HttpResponse.BodyHandlers.ofString())
        .body());
  }
}
