package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An {@link ApiProblem} as RFC 9457 problem details. */
final class ProblemJson {
  static final String TYPE_PREFIX = "urn:btmanager:problem:";

  private ProblemJson() {}

  static ObjectNode of(ApiProblem p, String instance) {
    ObjectNode n = Mapper.object();
    n.put("type", TYPE_PREFIX + p.code);
    n.put("title", title(p.status));
    n.put("status", p.status);
    n.put("detail", p.getMessage());
    n.put("code", p.code);
    if (p.field != null) {
      n.put("field", p.field);
    }
    if (p.accepted != null) {
      n.put("accepted", p.accepted);
    }
    if (p.status == 429 || p.status == 503) {
      n.put("retryable", true);
    }
    if (instance != null) {
      n.put("instance", instance);
    }
    return n;
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> "Internal Server Error";
    };
  }
}
