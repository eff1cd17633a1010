package io.btmanager.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files from the jar ({@code io/btmanager/web/dashboard/}), under a strict
 * Content-Security-Policy: scripts, styles and connections only from this server, no inline
 * script, no framing.
 */
final class StaticFiles {
  static final String ROOT = "/io/btmanager/web/dashboard";
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final Pattern SAFE = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*/?");
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html;charset=utf-8"),
      Map.entry("js", "text/javascript;charset=utf-8"),
      Map.entry("mjs", "text/javascript;charset=utf-8"),
      Map.entry("css", "text/css;charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("txt", "text/plain;charset=utf-8"));

  private record File(byte[] bytes, String type, String etag) {}

  private final ConcurrentHashMap<String, Optional<File>> cache = new ConcurrentHashMap<>();

  void serve(HttpServletRequest req, HttpServletResponse resp, String path) throws IOException {
    headers(resp);
    if (!req.getMethod().equals("GET") && !req.getMethod().equals("HEAD")) {
      resp.setHeader("Allow", "GET, HEAD");
      resp.sendError(405);
      return;
    }
    String p = path.endsWith("/") ? path + "index.html" : path;
    Optional<File> f = SAFE.matcher(path).matches() ? file(p) : Optional.empty();
    if (f.isEmpty()) {
      resp.sendError(404);
      return;
    }
    File file = f.get();
    resp.setHeader("ETag", file.etag());
    resp.setHeader("Cache-Control", "no-cache");
    if (file.etag().equals(req.getHeader("If-None-Match"))) {
      resp.setStatus(304);
      return;
    }
    resp.setContentType(file.type());
    resp.setContentLength(file.bytes().length);
    if (req.getMethod().equals("GET")) {
      resp.getOutputStream().write(file.bytes());
    }
  }

  /** The security headers of every dashboard response. */
  static void headers(HttpServletResponse resp) {
    resp.setHeader("Content-Security-Policy", CSP);
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Referrer-Policy", "no-referrer");
    resp.setHeader("X-Frame-Options", "DENY");
  }

  private Optional<File> file(String path) {
    return cache.computeIfAbsent(path, p -> {
      int dot = p.lastIndexOf('.');
      String type = dot < 0 ? null : TYPES.get(p.substring(dot + 1));
      if (type == null) {
        return Optional.empty();
      }
      try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + p)) {
        if (in == null) {
          return Optional.empty();
        }
        byte[] bytes = in.readAllBytes();
        return Optional.of(new File(bytes, type, etag(bytes)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
