package io.btmanager.store.redis.internal;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every key name of one namespace, in one place. All keys start with {@code prefix:{namespace}:},
 * so Redis Cluster hashes them by the same tag to one slot and every script runs there.
 *
 * <p>The scripts receive {@link #scriptKeys()} as their {@code KEYS}, in the order of the
 * constants below; per-task keys are the given prefix followed by the id (the scripts append it).
 * No script builds a key name of its own.
 */
public final class RedisKeys {
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** Positions in {@link #scriptKeys()} (1-based, as Lua's {@code KEYS}). */
  static final String[] NAMES = {
    "seq", // 1 task seq counter
    "fence", // 2 lease token counter (only increases)
    "queue", // 3 runnable tasks: ZSET band * 2^50 + seq
    "due", // 4 scheduled tasks: ZSET due time (micros)
    "leases", // 5 running tasks: ZSET lease expiry (micros, Redis TIME)
    "active", // 6 active dedup key -> task id: HASH
    "all", // 7 every task: ZSET seq
    "finished", // 8 finished tasks: ZSET finish time (micros)
    "cfgref", // 9 configuration id -> references from active tasks and schedule entries: HASH
    "feed", // 10 the change feed: STREAM
    "t:", // 11 task hash, + id
    "o:", // 12 owners of a task: SET, + id
    "x:", // 13 executions of a task: LIST, + id
    "u:", // 14 tasks of an owner: SET, + owner
    "q:", // 15 runnable tasks of a type: ZSET, + type
    "c:", // 16 configuration hash, + id
    "cu:", // 17 configurations of an owner: ZSET insertion order, + owner
    "cseq", // 18 configuration and schedule entry insertion counter
    "s:", // 19 schedule entry hash, + id
    "ss", // 20 every schedule entry: ZSET insertion order
    "su:", // 21 schedule entries of an owner: ZSET insertion order, + owner
    "sdue", // 22 enabled schedule entries: ZSET next fire time (micros)
    "rt:", // 23 latest run times of a type's successes (micros): LIST, + type
    "cs", // 24 every configuration: ZSET insertion order
    "feedn", // 25 change feed entries ever added (kept with the stream by feed_announce)
  };

  private final String base;
  private final List<String> scriptKeys;

  private RedisKeys(String base) {
    this.base = base;
    String[] keys = new String[NAMES.length];
    for (int i = 0; i < NAMES.length; i++) {
      keys[i] = base + NAMES[i];
    }
    this.scriptKeys = List.of(keys);
  }

  /**
   * The keys of namespace {@code namespace} under {@code prefix}: {@code prefix:{namespace}:...}.
   *
   * @throws IllegalArgumentException when either is empty, longer than 64 characters, or holds
   *     anything but letters, digits, '_', '.' and '-'
   */
  public static RedisKeys of(String prefix, String namespace) {
    return new RedisKeys(check("prefix", prefix) + ":{" + check("namespace", namespace) + "}:");
  }

  private static String check(String what, String value) {
    Objects.requireNonNull(value, what);
    if (!PART.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not accepted: 1 to 64 letters, digits, '_', '.' or '-'");
    }
    return value;
  }

  /** What every key of this namespace starts with. */
  public String base() {
    return base;
  }

  /** The {@code KEYS} every script receives. */
  public List<String> scriptKeys() {
    return scriptKeys;
  }

  /** The hash of task {@code id}. */
  public String task(String id) {
    return scriptKeys.get(10) + id;
  }

  /** The executions of task {@code id}. */
  public String executions(String id) {
    return scriptKeys.get(12) + id;
  }

  /** The hash of configuration {@code id}. */
  public String configuration(String id) {
    return scriptKeys.get(15) + id;
  }

  /** The hash of schedule entry {@code id}. */
  public String scheduleEntry(String id) {
    return scriptKeys.get(18) + id;
  }

  /** The latest run times of type {@code type}'s successes. */
  public String runTimes(String type) {
    return scriptKeys.get(22) + type;
  }

  /** The change feed stream. */
  public String feed() {
    return scriptKeys.get(9);
  }

  /** The index of every task. */
  public String all() {
    return scriptKeys.get(6);
  }
}
