package io.btmanager.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * What a request must be before a route sees it: same-site for anything that changes state and for
 * the WebSocket handshake (Origin and Sec-Fetch-Site), a JSON body, and no larger than the limit.
 */
final class Gate {
  private Gate() {}

  static boolean unsafe(String method) {
    return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
  }

  /**
   * Refuses a request a browser sent from another site: an Origin that is not this server's (nor
   * an allowed one), or a Sec-Fetch-Site other than same-origin or none. Clients that are not
   * browsers send neither and pass.
   */
  static void sameSite(HttpServletRequest req, Set<String> allowedOrigins) {
    String origin = req.getHeader("Origin");
    if (origin != null && allowedOrigins.contains(origin)) {
      return;
    }
    String site = req.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      throw crossSite("Sec-Fetch-Site is " + site);
    }
    if (origin != null && !sameOrigin(origin, req)) {
      throw crossSite("Origin " + origin + " is not this server");
    }
  }

  private static boolean sameOrigin(String origin, HttpServletRequest req) {
    String host = req.getHeader("Host");
    try {
      URI o = new URI(origin);
      if (o.getHost() == null || host == null) {
        return false;
      }
      String scheme = o.getScheme().toLowerCase(Locale.ROOT);
      int port = o.getPort() != -1 ? o.getPort() : scheme.equals("https") ? 443 : 80;
      URI h = new URI(scheme + "://" + host);
      int hostPort = h.getPort() != -1 ? h.getPort() : port;
      return o.getHost().equalsIgnoreCase(h.getHost()) && port == hostPort;
    } catch (Exception e) {
      return false;
    }
  }

  private static ApiProblem crossSite(String why) {
    return new ApiProblem(
        403, "cross-site", "a request from another site cannot change anything here (" + why + ")");
  }

  /** Refuses a body that is not declared as JSON (HTML forms cannot send one cross-site). */
  static void json(HttpServletRequest req) {
    String type = req.getContentType();
    boolean hasBody = req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    if (type == null) {
      if (hasBody) {
        throw new ApiProblem(
            415,
            "unsupported-media-type",
            "a request body needs Content-Type:" + " application/json");
      }
      return;
    }
    String media = type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json") && !media.endsWith("+json")) {
      throw new ApiProblem(
          415,
          "unsupported-media-type",
          "Content-Type " + media + " is not accepted; send application/json",
          "Content-Type",
          "application/json",
          -1);
    }
  }

  /** The body's bytes, at most {@code max}; more is a 413 before or while reading. */
  static byte[] body(HttpServletRequest req, int max) throws IOException {
    long declared = req.getContentLengthLong();
    if (declared > max) {
      throw tooLarge(declared, max);
    }
    try (InputStream in = req.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        if (out.size() + n > max) {
          throw tooLarge(out.size() + n, max);
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static ApiProblem tooLarge(long size, int max) {
    return new ApiProblem(
        413,
        "payload-too-large",
        "the request body is larger than " + max + " bytes" + (size > 0 ? " (" + size + ")" : ""),
        "body",
        "at most " + max + " bytes",
        -1);
  }
}
