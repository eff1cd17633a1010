package io.btmanager.web.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The web's Jackson: strict reading (duplicate keys refused), ISO times, and its error words. */
final class Mapper {
  static final ObjectMapper JSON = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Mapper() {}

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /**
   * Parses a request body.
   *
   * @throws ApiProblem malformed-json, saying where, when it is not JSON
   */
  static JsonNode parse(byte[] body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n == null || n.isMissingNode() ? null : n;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null
          ? ""
          : " at line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr();
      String what = e.getOriginalMessage();
      int nl = what == null ? -1 : what.indexOf('\n');
      what = what == null ? "cannot be read" : nl < 0 ? what : what.substring(0, nl);
      throw new ApiProblem(
          400,
          "malformed-json",
          "the request body is not valid JSON" + where + ": " + what,
          "body",
          "a JSON object (Content-Type: application/json)",
          -1);
    } catch (java.io.IOException e) {
      throw new ApiProblem(400, "malformed-json", "the request body cannot be read");
    }
  }

  /** A JSON text the core stored (arguments, results) as a tree, or null. */
  static JsonNode tree(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse", e);
    }
  }

  static byte[] bytes(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static String text(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
