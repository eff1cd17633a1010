package io.btmanager.store.redis.internal;

import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.TaskError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The small encodings shared by the records of this package: instants as microseconds since the
 * epoch (Redis's {@code TIME} resolution; the scores of every time index), a list of nullable
 * strings as one length-prefixed string, a flat {@code HGETALL} reply as a map.
 */
final class Codec {
  private static final String NULL = "~";

  private Codec() {}

  /** Microseconds since the epoch, or null for null; saturated at the range of a long. */
  static String micros(Instant at) {
    if (at == null) {
      return null;
    }
    long seconds = at.getEpochSecond();
    if (seconds >= Long.MAX_VALUE / 1_000_000L) {
      return Long.toString(Long.MAX_VALUE);
    }
    if (seconds <= Long.MIN_VALUE / 1_000_000L) {
      return Long.toString(Long.MIN_VALUE);
    }
    return Long.toString(seconds * 1_000_000L + at.getNano() / 1_000);
  }

  static Instant instant(String micros) {
    if (micros == null || micros.isEmpty()) {
      return null;
    }
    long us = Long.parseLong(micros);
    return Instant.ofEpochSecond(
        Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L);
  }

  static String orEmpty(Object value) {
    return value == null ? "" : value.toString();
  }

  static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** A flat {@code field, value, ...} reply as a map. */
  static Map<String, String> hash(Object reply) {
    List<?> flat = (List<?>) reply;
    Map<String, String> map = new HashMap<>(flat.size());
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      map.put((String) flat.get(i), (String) flat.get(i + 1));
    }
    return map;
  }

  /** Nullable strings as one string: each a length, ':' and the text, or '~' for null. */
  static String join(String... values) {
    StringBuilder out = new StringBuilder();
    for (String v : values) {
      if (v == null) {
        out.append(NULL);
      } else {
        out.append(v.length()).append(':').append(v);
      }
    }
    return out.toString();
  }

  static List<String> split(String joined) {
    List<String> values = new ArrayList<>();
    int i = 0;
    while (i < joined.length()) {
      if (joined.charAt(i) == '~') {
        values.add(null);
        i++;
        continue;
      }
      int colon = joined.indexOf(':', i);
      int length = Integer.parseInt(joined, i, colon, 10);
      values.add(joined.substring(colon + 1, colon + 1 + length));
      i = colon + 1 + length;
    }
    return values;
  }

  /** The five parts of an error as stored (kind, summary, action, retryable, detail). */
  static String[] error(TaskError e) {
    return e == null
        ? new String[] {"", "", "", "", ""}
        : new String[] {
          e.kind().name(), e.summary(), e.action(), e.retryable() ? "1" : "0", e.detail()
        };
  }

  static TaskError error(
      String kind, String summary, String action, String retryable, String detail) {
    return kind == null || kind.isEmpty()
        ? null
        : new TaskError(ErrorKind.valueOf(kind), summary, action, "1".equals(retryable), detail);
  }
}
