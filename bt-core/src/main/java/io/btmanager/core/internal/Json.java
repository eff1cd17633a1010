package io.btmanager.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.btmanager.core.exception.InvalidArgumentsException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Arguments and results as JSON: canonical form for deduplication (keys sorted, numbers
 * normalised), binding with the failing field's path, and merging of configuration overrides.
 */
public final class Json {
  private final ObjectMapper mapper;
  private static final String OVERRIDES = "an object of field names to JSON values: text, numbers,"
      + " booleans, null, lists, maps, records, enums, Optional and java.time values";
  private final ConcurrentHashMap<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
  private final Set<Class<?>> readable = ConcurrentHashMap.newKeySet();

  public Json() {
    this.mapper = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
        .build();
  }

  /**
   * The canonical JSON of a value: object keys sorted, numbers in their shortest exact form.
   *
   * @throws InvalidArgumentsException naming the field path when a value cannot be written as JSON
   */
  public String canonical(Object value) {
    return write(canonicalTree(tree(value, describe(value.getClass()))));
  }

  /**
   * The canonical JSON of arguments of {@code type}; the first time a type is seen, the JSON is
   * bound back to it, so that a type that cannot be read back is refused at submit rather than
   * failing every run.
   *
   * @throws InvalidArgumentsException naming the field path when a value cannot be written as JSON
   *     or read back as {@code type}
   */
  public String canonicalArguments(Object value, Class<?> type) {
    String json = write(canonicalTree(tree(value, describe(type))));
    if (!readable.contains(type)) {
      bind(json, type);
      readable.add(type);
    }
    return json;
  }

  /** The canonical form of a JSON text. */
  public String canonicalText(String json, String field) {
    return write(canonicalTree(parse(json, field)));
  }

  /**
   * Binds JSON to {@code type}.
   *
   * @throws InvalidArgumentsException naming the JSON path of the field that does not bind
   */
  public <T> T bind(String json, Class<T> type) {
    try {
      return readers.computeIfAbsent(type, mapper::readerFor).readValue(json);
    } catch (JsonMappingException e) {
      throw new InvalidArgumentsException(
          path(e), firstLine(e.getOriginalMessage()), describe(type));
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentsException(
          "$", "is not valid JSON: " + firstLine(e.getOriginalMessage()), describe(type));
    }
  }

  /** The JSON text of a value (not canonicalised; for results). */
  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON of " + value.getClass().getName(), e);
    }
  }

  /**
   * A handler's result as JSON, or null for none.
   *
   * @throws IllegalStateException when it cannot be written as JSON or is over {@code maxBytes}:
   *     the attempt fails with this error, rather than the task being stuck with an outcome no
   *     store can keep
   */
  public String result(Object value, int maxBytes) {
    if (value == null) {
      return null;
    }
    String json;
    try {
      json = mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "the result (" + value.getClass().getName() + ") cannot be written as JSON: "
              + firstLine(e.getOriginalMessage()),
          e);
    }
    int bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new IllegalStateException(
          "the result is " + bytes + " bytes of JSON, over the limit of " + maxBytes
              + " bytes (TaskManager.Builder.maxResultBytes)");
    }
    return json;
  }

  /**
   * A map's JSON (overrides given as a map).
   *
   * @throws InvalidArgumentsException naming the key whose value cannot be written as JSON
   */
  public String fromMap(Map<String, ?> values) {
    return write(canonicalTree(tree(values, OVERRIDES)));
  }

  private JsonNode tree(Object value, String accepted) {
    if (value instanceof JsonNode n) {
      return n.deepCopy();
    }
    try {
      return mapper.valueToTree(value);
    } catch (IllegalArgumentException e) {
      String problem = "cannot be written as JSON";
      String path = "$";
      if (e.getCause() instanceof JsonMappingException m) {
        path = path(m);
        problem = problem + ": " + firstLine(m.getOriginalMessage());
      }
      throw new InvalidArgumentsException(path, problem, accepted);
    }
  }

  /** {@code base} with the top-level fields of {@code overrides} put over it, canonical. */
  public String merge(String base, String overrides) {
    JsonNode b = parse(base, "configuration");
    JsonNode o = parse(overrides, "overrides");
    if (!(b instanceof ObjectNode bo) || !(o instanceof ObjectNode oo)) {
      return canonicalText(overrides.equals("{}") ? base : overrides, "overrides");
    }
    bo.setAll(oo);
    return write(canonicalTree(bo));
  }

  private JsonNode parse(String json, String field) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidArgumentsException(
          field, "is not valid JSON: " + firstLine(e.getOriginalMessage()), "a JSON object");
    }
  }

  /**
   * Normalises numbers in place (1.0 and 1 are the same argument); object keys need no work, the
   * mapper writes them sorted.
   */
  private static JsonNode canonicalTree(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode n = canonicalTree(e.getValue());
        if (n != e.getValue()) {
          e.setValue(n);
        }
      }
      return o;
    }
    if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode n = canonicalTree(a.get(i));
        if (n != a.get(i)) {
          a.set(i, n);
        }
      }
      return a;
    }
    if (node.isFloatingPointNumber()) {
      BigDecimal d =
          node.isBigDecimal() ? node.decimalValue() : BigDecimal.valueOf(node.doubleValue());
      d = d.stripTrailingZeros();
      return d.scale() <= 0
          ? JsonNodeFactory.instance.numberNode(d.toBigIntegerExact())
          : JsonNodeFactory.instance.numberNode(d);
    }
    return node;
  }

  private String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder p = new StringBuilder("$");
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        p.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        p.append('[').append(r.getIndex()).append(']');
      }
    }
    return p.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "cannot be read";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.replaceAll(
            "\\s*\\(set DeserializationConfig[^)]*\\)", "") // Jackson's hint to developers
        .replaceAll("\\s*\\(for Object starting at[^)]*\\)", "")
        .replaceAll("\\s*\\(to avoid exception[^)]*\\)", "");
  }

  /** "an object {image: URI, width: int}" for a record; the class name otherwise. */
  static String describe(Class<?> type) {
    if (type.isRecord()) {
      return "an object {"
          + Arrays.stream(type.getRecordComponents())
              .map(c -> c.getName() + ": " + c.getType().getSimpleName())
              .collect(Collectors.joining(", "))
          + "} (" + type.getSimpleName() + ")";
    }
    return "JSON that binds to " + type.getName();
  }
}
