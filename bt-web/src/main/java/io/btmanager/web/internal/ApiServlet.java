package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.web.AccessLevel;
import io.btmanager.web.WebUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The one servlet of bt-web, mapped at {@code <path>/*}: the API under {@code /api}, its push
 * streams, and the dashboard's files everywhere else. Every API request goes through the same
 * steps: who is the user (401), may they (403), same site for unsafe methods (403), rate limit
 * (429), JSON body within the size limit (415, 413, 400), then the route.
 */
public final class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final String API = "/api";

  private final transient WebSettings settings;
  private final transient RateLimiter limiter;
  private final transient Dispatcher dispatcher;
  private final transient PushHub hub;
  private final transient StaticFiles files = new StaticFiles();

  public ApiServlet(WebSettings settings, PushHub hub) {
    this.settings = settings;
    this.hub = hub;
    this.limiter =
        new RateLimiter(settings.requestsPerMinute(), settings.burst(), settings.clock());
    Dispatcher[] self = new Dispatcher[1];
    this.dispatcher = new Dispatcher(settings, List.of(BatchRoute.route(() -> self[0], limiter)));
    self[0] = dispatcher;
  }

  /** The API's routes as "METHOD /path", for the check against the OpenAPI document. */
  public List<String> routes() {
    return dispatcher.router().routes().stream()
        .map(r -> r.method() + " " + r.template())
        .toList();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    if (path == null || path.isEmpty()) {
      resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
      return;
    }
    if (path.equals(API) || path.startsWith(API + "/")) {
      String apiPath = path.length() == API.length() ? "/" : path.substring(API.length());
      api(req, resp, apiPath);
    } else {
      files.serve(req, resp, path);
    }
  }

  private void api(HttpServletRequest req, HttpServletResponse resp, String path)
      throws IOException {
    String method = req.getMethod();
    boolean bodyRead = false;
    try {
      WebUser user = settings
          .users()
          .resolve(req)
          .orElseThrow(() -> new ApiProblem(401, "unauthenticated", "sign in to use this API"));
      AccessLevel access = settings.access().apply(user);
      if (access == null || access == AccessLevel.NONE) {
        throw new ApiProblem(403, "forbidden", "you have no access to the task manager");
      }
      Router.Match m = dispatcher.authorize(user, access, method, path);
      boolean stream = m.route().stream();
      if (Gate.unsafe(method) || stream) {
        Gate.sameSite(req, settings.allowedOrigins());
      }
      limiter.acquire(user.name());
      if (stream) {
        hub.open(req, resp, user, path.endsWith("/ws"), m.route().admin());
        return;
      }
      JsonNode body = null;
      if (Gate.unsafe(method)) {
        Gate.json(req);
        byte[] bytes = Gate.body(req, settings.maxBodyBytes());
        bodyRead = true;
        body = bytes.length == 0 ? null : Mapper.parse(bytes);
      }
      Reply reply = dispatcher.run(user, m, method, path, req.getQueryString(), body);
      write(req, resp, reply);
    } catch (ApiProblem p) {
      refused(req, resp, bodyRead, p);
    } catch (RuntimeException e) {
      refused(req, resp, bodyRead, Problems.of(e, method + " " + path));
    }
  }

  /**
   * A refusal before the body was read leaves it unread on the connection: the client is told to
   * open a new one rather than send its next request after an unread body.
   */
  private static void refused(
      HttpServletRequest req, HttpServletResponse resp, boolean bodyRead, ApiProblem p)
      throws IOException {
    if (!bodyRead && Gate.unsafe(req.getMethod())) {
      resp.setHeader("Connection", "close");
    }
    problem(resp, p, req.getRequestURI());
  }

  private void write(HttpServletRequest req, HttpServletResponse resp, Reply reply)
      throws IOException {
    resp.setStatus(reply.status());
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    if (reply.location() != null) {
      resp.setHeader(
          "Location", req.getContextPath() + req.getServletPath() + API + reply.location());
    }
    if (reply.body() != null) {
      // straight into the container's response buffer, through Jackson's recycled one: no copy
      // of a page of tasks in a byte array first
      resp.setContentType("application/json");
      Mapper.JSON.writeValue(resp.getOutputStream(), reply.body());
    }
  }

  static void problem(HttpServletResponse resp, ApiProblem p, String instance) throws IOException {
    if (resp.isCommitted()) {
      return;
    }
    resp.resetBuffer();
    resp.setStatus(p.status);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("X-Content-Type-Options", "nosniff");
    if (p.retryAfterSeconds > 0) {
      resp.setHeader("Retry-After", Long.toString(p.retryAfterSeconds));
    }
    byte[] bytes = Mapper.bytes(ProblemJson.of(p, instance));
    resp.setContentType("application/problem+json");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
