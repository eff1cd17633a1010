package io.btmanager.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Rule 2's key: the type and the canonical JSON of the arguments, hashed (SHA-256, 128 bits). */
public final class DedupKeys {
  private static final HexFormat HEX = HexFormat.of();

  private DedupKeys() {}

  /** The dedup key of a task of {@code type} with arguments whose canonical JSON is given. */
  public static String of(String type, String canonicalArguments) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(type.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      byte[] digest = sha.digest(canonicalArguments.getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
