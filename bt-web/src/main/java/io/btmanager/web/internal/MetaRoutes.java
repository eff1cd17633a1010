package io.btmanager.web.internal;

import static io.btmanager.web.internal.Route.Need.READ;
import static io.btmanager.web.internal.Route.Need.STREAM;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.btmanager.web.AccessLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Who am I, the task types, this API's OpenAPI document, and the push streams' routes. */
final class MetaRoutes {
  static final String OPENAPI = "/io/btmanager/web/openapi.json";
  private static final JsonNode DOCUMENT = load();

  private MetaRoutes() {}

  static List<Route> routes() {
    return List.of(
        new Route("GET", "/me", READ, MetaRoutes::me),
        new Route(
            "GET",
            "/types",
            READ,
            c -> Reply.ok(Mapper.JSON
                .createArrayNode()
                .addAll(c.settings().manager().types().stream()
                    .map(t -> CatalogJson.type(t, c.settings().submittable(t.name())))
                    .toList()))),
        new Route("GET", "/openapi.json", READ, c -> Reply.ok(DOCUMENT)),
        // served by the servlet itself (they hold the connection), listed here for the router
        new Route("GET", "/push/sse", STREAM, null),
        new Route("GET", "/push/ws", STREAM, null),
        new Route("GET", "/admin/push/sse", Route.Need.ADMIN_STREAM, null),
        new Route("GET", "/admin/push/ws", Route.Need.ADMIN_STREAM, null));
  }

  private static Reply me(Call c) {
    WebSettings s = c.settings();
    ObjectNode n = Mapper.object();
    n.put("user", c.user().name());
    n.put("admin", c.user().admin());
    AccessLevel access = s.access().apply(c.user());
    n.put("access", access.name());
    ObjectNode limits = n.putObject("limits");
    limits.put("maxBodyBytes", s.maxBodyBytes());
    limits.put("maxIdsPerBulk", s.maxIdsPerBulk());
    limits.put("maxBatchParts", s.maxBatchParts());
    limits.put("maxPageSize", s.maxPageSize());
    limits.put("maxStreams", s.maxStreamsPerUser());
    limits.put("requestsPerMinute", s.requestsPerMinute());
    n.put("pingSeconds", s.pingInterval().toSeconds());
    s.users().developmentUsers().forEach(n.putArray("devUsers")::add);
    return Reply.ok(n);
  }

  /** The OpenAPI document shipped in the jar. */
  static JsonNode document() {
    return DOCUMENT;
  }

  private static JsonNode load() {
    try (InputStream in = MetaRoutes.class.getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI + " is missing from the jar");
      }
      return Mapper.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
