package io.btmanager.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/** Rule 2's key: the type and the canonical JSON of the arguments, hashed (SHA-256, 128 bits). */
public final class DedupKeys {
  private static final HexFormat HEX = HexFormat.of();
  private static final AtomicLong LAST_ORDERED = new AtomicLong();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  });

  private DedupKeys() {}

  /**
   * A new id in UUID form, version 7 (RFC 9562): the current Unix time in milliseconds, then 74
   * random bits. Ids need to be unique, not secret (a foreign id behaves like a missing one), so a
   * fast thread-local random source is enough. Ids made in later milliseconds sort after earlier
   * ones, as text too: a store's indexes on ids then grow at their end instead of at random places,
   * which a table far larger than memory feels most.
   */
  public static String newId() {
    var r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (System.currentTimeMillis() << 16) | 0x7000L | (r.nextInt() & 0x0FFFL); // version 7
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new java.util.UUID(hi, lo).toString();
  }

  /**
   * A new id like {@link #newId()}, but strictly increasing within this JVM (RFC 9562's method 1:
   * the 12 bits after the time count ids made in the same millisecond). Configurations and
   * schedule entries use it so that every store lists them in the order they were made, items of
   * the same millisecond included (stores order by creation time, then id).
   */
  public static String newOrderedId() {
    long ms = System.currentTimeMillis();
    long n = LAST_ORDERED.updateAndGet(prev -> Math.max(prev + 1, ms << 12));
    long hi = ((n >>> 12) << 16) | 0x7000L | (n & 0x0FFFL); // version 7, counter in rand_a
    long lo = (java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL)
        | 0x8000000000000000L;
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
