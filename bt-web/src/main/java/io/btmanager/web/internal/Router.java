package io.btmanager.web.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the route of a method and an API path. Literal segments win over parameters ({@code
 * /tasks/bulk/get} before {@code /tasks/{id}/...}); a path with routes for other methods only is a
 * 405, a path with none a 404.
 */
final class Router {
  private final List<Route> routes;
  private final List<List<String>> segments;

  Router(List<Route> routes) {
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingLong(
        r -> r.segments().stream().filter(s -> s.startsWith("{")).count()));
    this.routes = List.copyOf(sorted);
    this.segments = this.routes.stream().map(Route::segments).toList();
  }

  /** A matched route and its path parameters. */
  record Match(Route route, Map<String, String> params) {}

  List<Route> routes() {
    return routes;
  }

  /**
   * @throws ApiProblem 404 not-found or 405 method-not-allowed
   */
  Match match(String method, String path) {
    String[] parts = path.length() <= 1 ? new String[0] : path.substring(1).split("/", -1);
    Set<String> allowed = new TreeSet<>();
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      Map<String, String> params = bind(segments.get(i), parts);
      if (params == null) {
        continue;
      }
      if (r.method().equals(method)) {
        return new Match(r, params);
      }
      allowed.add(r.method());
    }
    if (!allowed.isEmpty()) {
      throw new ApiProblem(
          405, "method-not-allowed", method + " is not allowed on this path; allowed: " + allowed);
    }
    throw new ApiProblem(404, "not-found", "no API route at '" + path + "'");
  }

  private static Map<String, String> bind(List<String> template, String[] parts) {
    if (template.size() != parts.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String t = template.get(i);
      if (t.startsWith("{")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), decode(parts[i]));
      } else if (!t.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(
        s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
