package io.btmanager.store.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One Lua script of this package: its resource {@code name.lua} preceded by {@code lib.lua}, and
 * the SHA-1 Redis knows it by.
 */
public enum Script {
  SUBMIT,
  DETACH_OWNER,
  REQUEST_CANCEL,
  CANCEL_WAITING,
  EDIT_DETAILS,
  DELETE,
  PURGE,
  LOAD,
  POSITIONS,
  EXPIRED,
  EXTEND,
  PROGRESS,
  TURN,
  RETURN_LEASE,
  CONFIGURATION_INSERT,
  CONFIGURATION_UPDATE,
  CONFIGURATION_DELETE,
  CONFIGURATION_LIST,
  SCHEDULE_WRITE,
  SCHEDULE_DELETE,
  SCHEDULE_LIST,
  FIRE,
  FEED_ANNOUNCE,
  FEED_READ;

  private final String source;
  private final String sha;

  Script() {
    this.source = Lib.SOURCE + resource(name().toLowerCase(java.util.Locale.ROOT));
    this.sha = sha1(source);
  }

  /** The whole source sent to Redis. */
  public String source() {
    return source;
  }

  /** The SHA-1 of {@link #source()}, as {@code EVALSHA} takes it. */
  public String sha() {
    return sha;
  }

  /** The shared functions, loaded before the constants (an enum constructor sees no static field). */
  private static final class Lib {
    static final String SOURCE = resource("lib");
  }

  private static String resource(String name) {
    try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name + ".lua");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
