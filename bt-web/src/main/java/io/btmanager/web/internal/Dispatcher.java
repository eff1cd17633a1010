package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.web.AccessLevel;
import io.btmanager.web.WebUser;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one API call for a signed-in user, from a request or a batch part alike: finds the route,
 * checks what it needs of the user (admin, write access), runs it, and turns what it throws into a
 * problem.
 */
final class Dispatcher {
  private final Router router;
  private final WebSettings settings;

  Dispatcher(WebSettings settings, List<Route> more) {
    this.settings = settings;
    List<Route> all = new ArrayList<>();
    all.addAll(MetaRoutes.routes());
    all.addAll(TaskRoutes.routes());
    all.addAll(BulkRoutes.routes());
    all.addAll(CatalogRoutes.routes());
    all.addAll(AdminRoutes.routes());
    all.addAll(more);
    this.router = new Router(all);
  }

  Router router() {
    return router;
  }

  /** The route of a request, checked against the user's rights. */
  Router.Match authorize(WebUser user, AccessLevel access, String method, String path) {
    Router.Match m = router.match(method, path);
    Route r = m.route();
    if (r.admin() && !user.admin()) {
      throw new ApiProblem(403, "admin-only", "only an admin can use " + path);
    }
    if (r.writes() && access != AccessLevel.FULL) {
      throw new ApiProblem(403, "read-only", "your access is read-only: " + method + " is refused");
    }
    return m;
  }

  /**
   * Runs a matched route.
   *
   * @throws ApiProblem what the client is told when the call fails
   */
  Reply run(WebUser user, Router.Match m, String method, String path, String query, JsonNode body) {
    try {
      Call call = new Call(user, method, path, m.params(), query(query), body, settings);
      return m.route().handler().handle(call);
    } catch (RuntimeException e) {
      throw Problems.of(e, method + " " + path);
    }
  }

  static Map<String, List<String>> query(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(400, "bad-request", "the query string is not well encoded");
    }
  }
}
