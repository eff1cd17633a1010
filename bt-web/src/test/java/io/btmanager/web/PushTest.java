package io.btmanager.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Live push over WebSocket and SSE against a real server. */
class PushTest {

  /** A WebSocket client that keeps every message it gets. */
  static final class Collector implements WebSocket.Listener {
    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(WebFixture.JSON.readTree(partial.toString()));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    /** The next message matching {@code p}, skipping others; fails after 20 s. */
    JsonNode next(Predicate<JsonNode> p) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < end) {
        JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
        if (m != null && p.test(m)) {
          return m;
        }
      }
      throw new AssertionError("no such message within 20 s");
    }

    /** Every message up to and including the first matching {@code p}. */
    List<JsonNode> until(Predicate<JsonNode> p) throws InterruptedException {
      List<JsonNode> seen = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < end) {
        JsonNode m = messages.poll(100, TimeUnit.MILLISECONDS);
        if (m != null) {
          seen.add(m);
          if (p.test(m)) {
            return seen;
          }
        }
      }
      throw new AssertionError("no such message within 20 s; got " + seen);
    }
  }

  static WebSocket connect(WebFixture f, String user, Collector c, String query) {
    URI ws = URI.create("ws://127.0.0.1:" + f.server.port() + "/bt/api/push/ws" + query);
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .header(WebFixture.USER_HEADER, user)
        .buildAsync(ws, c)
        .join();
  }

  static Predicate<JsonNode> kind(String taskId, String kind) {
    return m ->
        m.path("taskId").asText().equals(taskId) && m.path("kind").asText().equals(kind);
  }

  @Test
  void eachUserGetsTheirOwnTasksEventsWithTheTasksView() throws Exception {
    try (WebFixture f = WebFixture.start()) {
      Collector alice = new Collector();
      Collector bob = new Collector();
      WebSocket a = connect(f, "alice", alice, "");
      WebSocket b = connect(f, "bob", bob, "");
      assertThat(alice.next(m -> true).path("type").asText()).isEqualTo("hello");
      assertThat(bob.next(m -> true).path("user").asText()).isEqualTo("bob");

      String bobs = f.submit("bob", "echo", "bobs");
      String alices = f.submit("alice", "progress", "alices", 3);
      List<JsonNode> seen = alice.until(kind(alices, "SUCCEEDED"));
      assertThat(seen).allSatisfy(m -> assertThat(m.path("taskId").asText()).isEqualTo(alices));
      assertThat(seen).extracting(m -> m.path("kind").asText()).startsWith("CREATED", "STARTED");
      JsonNode done = seen.get(seen.size() - 1);
      assertThat(done.path("type").asText()).isEqualTo("task");
      assertThat(done.path("id").asText()).isNotBlank();
      assertThat(done.path("task").path("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(done.path("task").has("owners")).isFalse();
      assertThat(bob.next(kind(bobs, "SUCCEEDED")).path("task").path("id").asText())
          .isEqualTo(bobs);

      // a join is told to the joiner as their own, never with the other user's name
      String shared = f.submit("alice", "hang", "shared");
      f.submit("bob", "hang", "shared");
      JsonNode joined = alice.next(kind(shared, "JOINED"));
      assertThat(joined.path("self").asBoolean()).isFalse();
      assertThat(joined.toString()).doesNotContain("bob");
      assertThat(bob.next(kind(shared, "JOINED")).path("self").asBoolean()).isTrue();
      a.abort();
      b.abort();
    }
  }

  @Test
  void sseCarriesTheSameMessagesWithEventIdsAndResumesFromLastEventId() throws Exception {
    try (WebFixture f = WebFixture.start()) {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      HttpRequest sse = HttpRequest.newBuilder(f.api("/push/sse"))
          .header(WebFixture.USER_HEADER, "alice")
          .build();
      var stream = f.http.sendAsync(sse, HttpResponse.BodyHandlers.ofLines());
      HttpResponse<java.util.stream.Stream<String>> resp = stream.get(20, TimeUnit.SECONDS);
      assertThat(resp.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/event-stream");
      Thread reader = new Thread(() -> resp.body().forEach(lines::add));
      reader.setDaemon(true);
      reader.start();

      String first = f.submit("alice", "echo", "sse-1");
      String lastId = null;
      JsonNode data = null;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String event = null;
      while (System.nanoTime() < end) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line == null) {
          continue;
        }
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("id: ")) {
          lastId = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = WebFixture.JSON.readTree(line.substring(6));
          assertThat(data.path("type").asText()).isEqualTo(event);
          if (kind(first, "SUCCEEDED").test(data)) {
            break;
          }
        }
      }
      assertThat(data).isNotNull();
      assertThat(data.path("id").asText()).isEqualTo(lastId);
      resp.body().close();

      // missed while away: given back after the hello, in order
      String second = f.submit("alice", "echo", "sse-2");
      f.await("alice", second);
      Collector back = new Collector();
      WebSocket ws = connect(f, "alice", back, "?lastEventId=" + lastId);
      JsonNode hello = back.next(m -> true);
      assertThat(hello.path("type").asText()).isEqualTo("hello");
      assertThat(hello.path("resumed").asBoolean()).isTrue();
      List<JsonNode> missed = back.until(kind(second, "SUCCEEDED"));
      assertThat(missed).extracting(m -> m.path("kind").asText()).startsWith("CREATED");
      assertThat(missed).allSatisfy(m -> assertThat(m.path("taskId").asText()).isEqualTo(second));
      ws.abort();

      // the same over SSE, with the header EventSource sends when it reconnects
      HttpResponse<java.util.stream.Stream<String>> resumed = f.http.send(
          HttpRequest.newBuilder(f.api("/push/sse"))
              .header(WebFixture.USER_HEADER, "alice")
              .header("Last-Event-ID", lastId)
              .build(),
          HttpResponse.BodyHandlers.ofLines());
      List<String> replayed = new ArrayList<>();
      var it = resumed.body().iterator();
      while (it.hasNext()) {
        String line = it.next();
        replayed.add(line);
        if (line.startsWith("data: ")
            && kind(second, "SUCCEEDED").test(WebFixture.JSON.readTree(line.substring(6)))) {
          break;
        }
      }
      resumed.body().close();
      assertThat(replayed).contains("event: hello").doesNotContain("event: reset");
      assertThat(replayed.stream().filter(l -> l.startsWith("data: ") && l.contains(first)))
          .as("nothing from before the last event id")
          .isEmpty();

      Collector lost = new Collector();
      WebSocket again = connect(f, "alice", lost, "?lastEventId=0badc0de-5");
      assertThat(lost.next(m -> true).path("resumed").asBoolean()).isFalse();
      assertThat(lost.next(m -> true).path("type").asText()).isEqualTo("reset");
      again.abort();
    }
  }

  @Test
  void theAdminStreamCarriesEveryUsersEventsWithTheAdminView() throws Exception {
    try (WebFixture f = WebFixture.start()) {
      Collector admin = new Collector();
      WebSocket ws = HttpClient.newHttpClient()
          .newWebSocketBuilder()
          .header(WebFixture.USER_HEADER, "root")
          .header(WebFixture.GROUPS_HEADER, "admins")
          .buildAsync(
              URI.create("ws://127.0.0.1:" + f.server.port() + "/bt/api/admin/push/ws"), admin)
          .join();
      admin.next(m -> m.path("type").asText().equals("hello"));
      String alices = f.submit("alice", "fails", "admin-sees");
      String bobs = f.submit("bob", "echo", "admin-sees-too");
      JsonNode failed = admin.next(kind(alices, "FAILED"));
      assertThat(failed.path("task").path("owners"))
          .extracting(JsonNode::asText)
          .containsExactly("alice");
      assertThat(failed.path("task").path("error").path("detail").asText()).contains("IOException");
      assertThat(admin.next(kind(bobs, "SUCCEEDED")).path("task").path("owners"))
          .extracting(JsonNode::asText)
          .containsExactly("bob");
      ws.abort();

      assertThatThrownBy(() -> connectTo(f, "alice", "/bt/api/admin/push/ws"))
          .isInstanceOf(CompletionException.class)
          .rootCause()
          .hasMessageContaining("403");
    }
  }

  private static WebSocket connectTo(WebFixture f, String user, String path) {
    return HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .header(WebFixture.USER_HEADER, user)
        .buildAsync(URI.create("ws://127.0.0.1:" + f.server.port() + path), new Collector())
        .join();
  }

  @Test
  void aFullBufferMeansResetNotAGap() throws Exception {
    try (WebFixture f = WebFixture.start(b -> b.pushBuffers(3, 100))) {
      Collector c = new Collector();
      WebSocket ws = connect(f, "alice", c, "");
      String id = f.submit("alice", "echo", "gap-1");
      String lastId = c.next(kind(id, "CREATED")).path("id").asText();
      c.next(kind(id, "SUCCEEDED"));
      ws.abort();
      for (int i = 2; i < 5; i++) {
        f.await("alice", f.submit("alice", "echo", "gap-" + i));
      }
      Collector back = new Collector();
      WebSocket again = connect(f, "alice", back, "?lastEventId=" + lastId);
      assertThat(back.next(m -> true).path("resumed").asBoolean()).isFalse();
      assertThat(back.next(m -> true).path("type").asText()).isEqualTo("reset");
      again.abort();
    }
  }

  @Test
  void progressIsCoalescedPerTaskAndPingsArrive() throws Exception {
    try (WebFixture f = WebFixture.start(
        b -> b.progressInterval(Duration.ofSeconds(5)).pingInterval(Duration.ofMillis(200)))) {
      Collector c = new Collector();
      WebSocket ws = connect(f, "alice", c, "");
      String id = f.submit("alice", "progress", "many", 2000);
      List<JsonNode> seen = c.until(kind(id, "SUCCEEDED"));
      long progress = seen.stream().filter(kind(id, "PROGRESS")).count();
      assertThat(progress).as("2,000 progress calls in well under the interval").isBetween(1L, 2L);
      assertThat(c.next(m -> m.path("type").asText().equals("ping")).path("at").asText())
          .isNotBlank();
      ws.abort();
    }
  }

  @Test
  void streamsPerUserAreCappedAndAClosedOneFreesItsPlace() throws Exception {
    try (WebFixture f = WebFixture.start(b -> b.maxStreamsPerUser(2))) {
      WebSocket one = connect(f, "alice", new Collector(), "");
      WebSocket two = connect(f, "alice", new Collector(), "");
      assertThatThrownBy(() -> connect(f, "alice", new Collector(), ""))
          .isInstanceOf(CompletionException.class)
          .rootCause()
          .hasMessageContaining("429");
      HttpResponse<String> sse = f.http.send(
          HttpRequest.newBuilder(f.api("/push/sse"))
              .header(WebFixture.USER_HEADER, "alice")
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(sse.statusCode()).isEqualTo(429);
      assertThat(sse.body()).contains("too-many-streams");
      WebSocket bobs = connect(f, "bob", new Collector(), "");
      one.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        WebSocket three = connect(f, "alice", new Collector(), "");
        three.abort();
      });
      two.abort();
      bobs.abort();
    }
  }

  @Test
  void aClientThatStopsReadingStallsNeitherTheWorkersNorOtherClients() throws Exception {
    try (WebFixture f =
        WebFixture.start(b -> b.progressInterval(Duration.ZERO).pushBuffers(100, 50))) {
      // a raw SSE client with a tiny receive window that never reads
      try (Socket stuck = new Socket()) {
        stuck.setReceiveBufferSize(1024);
        stuck.connect(new InetSocketAddress("127.0.0.1", f.server.port()));
        OutputStream out = stuck.getOutputStream();
        out.write(("GET /bt/api/push/sse HTTP/1.1\r\nHost: 127.0.0.1\r\n" + WebFixture.USER_HEADER
                + ": alice\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Collector healthy = new Collector();
        WebSocket ws = connect(f, "alice", healthy, "");
        healthy.next(m -> true);

        String id = f.submit("alice", "progress-flood", "flood", 3000);
        long t0 = System.nanoTime();
        assertThat(f.await("alice", id).state().name()).isEqualTo("SUCCEEDED");
        JsonNode done = healthy.next(kind(id, "SUCCEEDED"));
        assertThat(done.path("task").path("progress").path("done").asLong()).isEqualTo(3000);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));

        // the stuck client, once it reads, is told to refetch instead of getting a gap
        InputStream in = stuck.getInputStream();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        stuck.setSoTimeout(20_000);
        String line;
        boolean reset = false;
        while ((line = r.readLine()) != null) {
          if (line.equals("event: reset")) {
            reset = true;
            break;
          }
        }
        assertThat(reset).isTrue();
        ws.abort();
      }
    }
  }
}
