package io.btmanager.web.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Values of query parameters and body fields that need more than JSON's types. */
final class Params {
  private Params() {}

  static Instant instant(String field, String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badInput(
          "invalid-input",
          field,
          "is '" + s + "'",
          "an ISO-8601 instant, e.g. 2026-01-31T12:00:00Z");
    }
  }

  /** Links are shown as links: only absolute http and https URIs. */
  static URI link(String field, String s) {
    try {
      URI u = new URI(s);
      String scheme = u.getScheme();
      if (scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && u.getHost() != null
          && s.length() <= 2_000) {
        return u;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    throw ApiProblem.badInput(
        "invalid-input", field, "is not an http(s) link", "an absolute http or https URI");
  }

  static int integer(String field, String s, int min, int max) {
    try {
      int v = Integer.parseInt(s);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiProblem.badInput("invalid-input", field, "is '" + s + "'", min + " to " + max);
  }
}
