package io.btmanager.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Rule 2's key: the type and the canonical JSON of the arguments, hashed (SHA-256, 128 bits). */
public final class DedupKeys {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  });

  private DedupKeys() {}

  /**
   * A new random id in UUID form. Ids need to be unique, not secret (a foreign id behaves like a
   * missing one), so a fast thread-local random source is enough.
   */
  public static String newId() {
    var r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new java.util.UUID(hi, lo).toString();
  }

  /** The dedup key of a task of {@code type} with arguments whose canonical JSON is given. */
  public static String of(String type, String canonicalArguments) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    sha.update(type.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    byte[] digest = sha.digest(canonicalArguments.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(digest, 0, 16);
  }
}
