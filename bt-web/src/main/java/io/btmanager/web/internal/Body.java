package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.btmanager.core.task.Priority;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's JSON object read strictly: fields it does not know are refused, and every bad value
 * is a 400 naming the field and what is accepted.
 */
final class Body {
  private final ObjectNode node;
  private final String prefix;

  private Body(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  /** The body as an object of only {@code allowed} fields; a missing body is an empty object. */
  static Body of(JsonNode body, Set<String> allowed) {
    return of(body, allowed, "");
  }

  static Body of(JsonNode body, Set<String> allowed, String prefix) {
    if (body == null || body.isNull()) {
      return new Body(Mapper.object(), prefix);
    }
    if (!(body instanceof ObjectNode o)) {
      throw ApiProblem.badInput(
          "invalid-input",
          prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
          "is " + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT),
          "a JSON object with the fields " + new TreeSet<>(allowed));
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiProblem.badInput(
            "invalid-input",
            prefix + f,
            "is not a known field",
            "the fields " + new TreeSet<>(allowed));
      }
    }
    return new Body(o, prefix);
  }

  boolean has(String field) {
    return node.has(field);
  }

  JsonNode node(String field) {
    return node.get(field);
  }

  String text(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw bad(field, "is not a string", "a string");
    }
    return n.asText();
  }

  String requiredText(String field, String accepted) {
    String s = text(field);
    if (s == null || s.isBlank()) {
      throw bad(field, "is missing", accepted);
    }
    return s;
  }

  Boolean bool(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isBoolean()) {
      throw bad(field, "is not true or false", "true or false");
    }
    return n.asBoolean();
  }

  Long integer(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
      throw bad(field, "is not a whole number", "a whole number");
    }
    return n.asLong();
  }

  Instant instant(String field) {
    String s = text(field);
    return s == null ? null : Params.instant(prefix + field, s);
  }

  Priority priority(String field) {
    String s = text(field);
    if (s == null) {
      return null;
    }
    try {
      return Priority.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw bad(field, "is '" + s + "'", "LOW, MEDIUM or HIGH");
    }
  }

  /** An http(s) link, or null. */
  URI link(String field) {
    String s = text(field);
    return s == null ? null : Params.link(prefix + field, s);
  }

  /** The field's object as a map (configuration overrides), or an empty map. */
  Map<String, Object> map(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw bad(field, "is not an object", "a JSON object of argument fields");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = Mapper.JSON.convertValue(n, Map.class);
    return m;
  }

  List<String> strings(String field) {
    JsonNode n = node.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isArray()) {
      throw bad(field, "is not an array", "an array of strings");
    }
    List<String> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual()) {
        throw bad(field + "[" + i + "]", "is not a string", "a string");
      }
      out.add(n.get(i).asText());
    }
    return out;
  }

  ApiProblem bad(String field, String problem, String accepted) {
    return ApiProblem.badInput("invalid-input", prefix + field, problem, accepted);
  }
}
