package io.btmanager.store.redis.internal;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.exception.TaskManagerException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the scripts of one namespace on one (multiplexed, thread-safe) connection, by {@code
 * EVALSHA}; a server that does not know a script ({@code NOSCRIPT}, after a restart or a {@code
 * SCRIPT FLUSH}) gets it loaded once and the call is made again. Failures are translated: a lost
 * or refused connection is the retryable {@link StoreUnavailableException}; a refusal a script
 * states is its specific exception; any other script error is an {@link IllegalStateException}
 * (not retryable).
 */
public final class Redis {
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> commands;
  private final String[] keys;
  private final RedisClock clock;

  /**
   * @param testClock a clock that replaces Redis's in every script and in {@link #now} (tests), or
   *     null
   */
  public Redis(
      StatefulRedisConnection<String, String> connection, RedisKeys keys, Clock testClock) {
    this.connection = connection;
    this.commands = connection.sync();
    this.keys = keys.scriptKeys().toArray(String[]::new);
    this.clock = new RedisClock(this, testClock);
  }

  /** Tells the store's clock of a time a script stamped by {@code TIME} (see {@link RedisClock}). */
  public void observe(java.time.Instant stamped) {
    clock.observe(stamped);
  }

  /** The store's clock: Redis's, read without a round trip per call (see {@link RedisClock}). */
  public Instant now() {
    return clock.now();
  }

  /**
   * Runs {@code script} with {@code args} and, last, the clock argument every script takes off
   * first: empty, so that the script reads Redis's {@code TIME} itself when it judges a due time, a
   * lease expiry or a claim; a test clock's now when the store was given one. The reply is as the
   * script returns it.
   */
  public <T> T eval(String what, Script script, ScriptOutputType type, String... scriptArgs) {
    String[] args = Arrays.copyOf(scriptArgs, scriptArgs.length + 1);
    args[scriptArgs.length] = clock.scriptClock();
    return call(what, c -> {
      try {
        return c.evalsha(script.sha(), type, keys, args);
      } catch (RedisCommandExecutionException e) {
        if (!String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
          throw e;
        }
        c.scriptLoad(script.source());
        return c.evalsha(script.sha(), type, keys, args);
      }
    });
  }

  /** A list reply of {@code script}. */
  @SuppressWarnings("unchecked")
  public List<Object> list(String what, Script script, String... args) {
    List<Object> reply = eval(what, script, ScriptOutputType.MULTI, args);
    return reply == null ? List.of() : reply;
  }

  /** An integer reply of {@code script}. */
  public long number(String what, Script script, String... args) {
    Long reply = eval(what, script, ScriptOutputType.INTEGER, args);
    return reply == null ? 0 : reply;
  }

  /** Runs plain commands, translating failures as {@link #eval} does. */
  public <T> T call(String what, Function<RedisCommands<String, String>, T> work) {
    try {
      return work.apply(commands);
    } catch (TaskManagerException e) {
      throw e;
    } catch (RedisCommandExecutionException e) {
      throw refused(what, e);
    } catch (RedisException e) {
      throw new StoreUnavailableException(
          "the Redis task store could not " + what + ": " + e.getMessage(), e);
    }
  }

  private static RuntimeException refused(String what, RedisCommandExecutionException e) {
    String message = String.valueOf(e.getMessage());
    String detail = after(message, "BT_CONFIGURATION_NOT_FOUND ");
    if (detail != null) {
      return new ConfigurationNotFoundException(detail);
    }
    for (String code : new String[] {"BT_DUPLICATE_ID ", "BT_ILLEGAL_STATE "}) {
      detail = after(message, code);
      if (detail != null) {
        return new IllegalArgumentException(detail, e);
      }
    }
    if (message.startsWith("LOADING")
        || message.startsWith("BUSY")
        || message.startsWith("READONLY")
        || message.startsWith("MASTERDOWN")
        || message.startsWith("TRYAGAIN")) {
      return new StoreUnavailableException(
          "the Redis task store could not " + what + ": " + message, e);
    }
    return new IllegalStateException("Redis refused to " + what + ": " + message, e);
  }

  /** What follows {@code code} in {@code message} up to the end of its line, or null. */
  private static String after(String message, String code) {
    int at = message.indexOf(code);
    if (at < 0) {
      return null;
    }
    String rest = message.substring(at + code.length());
    int end = rest.indexOf(" script:");
    return (end < 0 ? rest : rest.substring(0, end)).strip();
  }

  public StatefulRedisConnection<String, String> connection() {
    return connection;
  }
}
