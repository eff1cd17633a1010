package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.btmanager.web.AccessLevel;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /batch}: several API calls in one request, in order, each as the request's user
 * under the same checks and rate limit as a request of its own, answered one response per part. A
 * part cannot name another user (parts have no headers), the batch route, or a push stream.
 */
final class BatchRoute {
  private static final Set<String> FIELDS = Set.of("parts");
  private static final Set<String> PART = Set.of("method", "path", "body");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "DELETE");

  private BatchRoute() {}

  static Route route(Supplier<Dispatcher> dispatcher, RateLimiter limiter) {
    return new Route("POST", "/batch", Route.Need.READ, c -> run(c, dispatcher.get(), limiter));
  }

  private static Reply run(Call c, Dispatcher dispatcher, RateLimiter limiter) {
    Body b = Body.of(c.body(), FIELDS);
    JsonNode parts = b.node("parts");
    int max = c.settings().maxBatchParts();
    if (parts == null || !parts.isArray() || parts.isEmpty()) {
      throw b.bad("parts", "is missing or empty", "an array of 1 to " + max + " parts");
    }
    if (parts.size() > max) {
      throw new ApiProblem(
          400,
          "too-many-parts",
          "parts: " + parts.size() + " parts in one batch; accepted: at most " + max,
          "parts",
          "at most " + max + " parts",
          -1);
    }
    // the whole batch is checked before any part runs: a malformed part changes nothing
    for (int i = 0; i < parts.size(); i++) {
      Body p = Body.of(parts.get(i), PART, "parts[" + i + "].");
      String method = p.requiredText("method", "one of " + METHODS);
      if (!METHODS.contains(method)) {
        throw p.bad("method", "is '" + method + "'", "one of " + METHODS);
      }
      String path = p.requiredText("path", "a path of this API, e.g. /tasks/ID");
      if (!path.startsWith("/")
          || path.startsWith("//")
          || path.contains("://")
          || path.contains("/../")
          || path.endsWith("/..")) {
        throw p.bad(
            "path",
            "is '" + path + "'",
            "a path of this API relative to its base, e.g." + " /tasks/ID or /tasks?state=RUNNING");
      }
      String bare = path.split("\\?", 2)[0];
      if (bare.equals("/batch") || bare.startsWith("/push/") || bare.startsWith("/admin/push/")) {
        throw p.bad("path", "is '" + bare + "'", "any route but /batch and the push streams");
      }
    }
    AccessLevel access = c.settings().access().apply(c.user());
    ObjectNode out = Mapper.object();
    ArrayNode responses = out.putArray("responses");
    for (JsonNode part : parts) {
      responses.add(runPart(c, dispatcher, limiter, access, part));
    }
    return Reply.ok(out);
  }

  private static ObjectNode runPart(
      Call c, Dispatcher dispatcher, RateLimiter limiter, AccessLevel access, JsonNode part) {
    String method = part.get("method").asText();
    String[] pathAndQuery = part.get("path").asText().split("\\?", 2);
    String path = pathAndQuery[0];
    ObjectNode r = Mapper.object();
    try {
      limiter.acquire(c.user().name());
      Router.Match m = dispatcher.authorize(c.user(), access, method, path);
      JsonNode body = part.get("body");
      Reply reply = dispatcher.run(
          c.user(), m, method, path, pathAndQuery.length > 1 ? pathAndQuery[1] : null, body);
      r.put("status", reply.status());
      if (reply.location() != null) {
        r.put("location", reply.location());
      }
      if (reply.body() != null) {
        r.set(
            "body", reply.body() instanceof JsonNode n ? n : Mapper.JSON.valueToTree(reply.body()));
      }
    } catch (ApiProblem p) {
      r.put("status", p.status);
      r.set("body", ProblemJson.of(p, path));
    }
    return r;
  }
}
