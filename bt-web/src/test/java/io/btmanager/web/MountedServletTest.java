package io.btmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.core.TaskManager;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.TestTaskTypes;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.Principal;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The servlet mounted in a host's own container as a host would: its own Jetty, its own context
 * path, its own authentication (here a filter that sets the principal), {@code web.mount} in a
 * listener, and the container's Principal as the user resolver.
 */
class MountedServletTest {

  @Test
  void theSameRoutesWebSocketAndFilesWorkMountedInAHostsContainer() throws Exception {
    try (TaskManager manager = TaskManager.builder()
            .executor(LocalExecutor.threads(2))
            .register(TestTaskTypes.succeeds("echo"))
            .build();
        BtWeb web = BtWeb.builder(manager)
            .users(UserResolver.containerPrincipal("bt-admin"))
            .build()) {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      server.addConnector(connector);
      ServletContextHandler host = new ServletContextHandler("/app");
      host.addEventListener(new ServletContextListener() {
        @Override
        public void contextInitialized(ServletContextEvent e) {
          web.mount(e.getServletContext(), "/tasks-ui");
        }
      });
      // the host's authentication: who the user is comes from a header its proxy would check
      host.addFilter(
          (req, resp, chain) -> {
            var http = (jakarta.servlet.http.HttpServletRequest) req;
            String user = http.getHeader("X-Host-User");
            chain.doFilter(
                user == null
                    ? req
                    : new jakarta.servlet.http.HttpServletRequestWrapper(http) {
                      @Override
                      public Principal getUserPrincipal() {
                        return () -> user;
                      }

                      @Override
                      public boolean isUserInRole(String role) {
                        return false;
                      }
                    },
                resp);
          },
          "/*",
          java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
      JakartaWebSocketServletContainerInitializer.configure(host, null);
      server.setHandler(host);
      server.start();
      try {
        String base = "http://127.0.0.1:" + connector.getLocalPort() + "/app/tasks-ui";
        HttpClient http = HttpClient.newHttpClient();

        assertThat(http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/me")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
            .isEqualTo(401);

        PushTest.Collector events = new PushTest.Collector();
        WebSocket ws = http.newWebSocketBuilder()
            .header("X-Host-User", "alice")
            .buildAsync(
                URI.create(
                    "ws://127.0.0.1:" + connector.getLocalPort() + "/app/tasks-ui/api/push/ws"),
                events)
            .join();
        assertThat(events.next(m -> true).path("user").asText()).isEqualTo("alice");

        HttpResponse<String> created = http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/tasks"))
                .header("X-Host-User", "alice")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                    "{\"type\":\"echo\",\"arguments\":{\"label\":\"mounted\",\"n\":0}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode task = WebFixture.JSON.readTree(created.body()).path("task");
        String id = task.path("id").asText();
        assertThat(created.headers().firstValue("Location"))
            .hasValue("/app/tasks-ui/api/tasks/" + id);
        assertThat(events
                .next(PushTest.kind(id, "SUCCEEDED"))
                .path("task")
                .path("result")
                .asText())
            .isEqualTo("mounted");
        ws.abort();

        HttpResponse<String> index = http.send(
            HttpRequest.newBuilder(URI.create(base + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
            .contains("script-src 'self'");
      } finally {
        server.stop();
      }
    }
  }
}
