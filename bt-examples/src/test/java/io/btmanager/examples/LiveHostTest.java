package io.btmanager.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job without {@code --once}: the dashboard is served, each demo user's API calls see
 * their own tasks, and the scenario runs (tasks finish while the host is up).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveHostTest {
  @TempDir
  static Path dir;

  private static LiveHost host;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    host = LiveHost.start(Storage.h2(dir.resolve("tasks")), 0, Duration.ofMillis(5));
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  private static HttpResponse<String> get(String path, String user) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(host.dashboard()).resolve(path))
        .header("Cookie", "bt-dev-user=" + user)
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesTheDashboardOnLocalhost() throws Exception {
    assertThat(host.dashboard()).matches("http://localhost:\\d+/bt/");
    HttpResponse<String> page = get("", "alice");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>Background tasks</title>", "app.js");
  }

  @Test
  void eachDemoUserSeesTheirOwnTasks() throws Exception {
    assertThat(get("api/me", "bob").body()).contains("\"user\":\"bob\"", "\"admin\":false");
    assertThat(get("api/me", "alice").body()).contains("\"user\":\"alice\"", "\"admin\":true");
    String alices = get("api/tasks?limit=100", "alice").body();
    String bobs = get("api/tasks?limit=100", "bob").body();
    // the render both asked for is one shared task; the upload is bob's alone
    assertThat(alices)
        .contains("Render holiday video", "Import panorama")
        .doesNotContain("Upload c.png");
    assertThat(bobs)
        .contains("Render holiday video", "Upload c.png")
        .doesNotContain("Import panorama");
  }

  @Test
  void theScenarioRunsLive() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(get("api/tasks?state=FAILED", "alice").body())
            .contains("The image is too large to import", "Export it at a lower resolution"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(get("api/tasks?state=SUCCEEDED", "bob").body()).contains("Thumbnail"));
  }
}
