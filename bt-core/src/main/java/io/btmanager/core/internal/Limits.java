package io.btmanager.core.internal;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.PayloadTooLargeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The one place that checks what a store can hold, before any store sees a value: the same limits
 * on every store, the in-memory one included. Text lengths are the SQL schema's column sizes
 * (counted in UTF-16 units, never more than the characters a column counts); a NUL, which
 * PostgreSQL cannot store in text, is refused. Payload sizes (arguments, overrides) are the
 * manager's {@code maxArgumentBytes}, which a host may raise.
 */
public final class Limits {
  /** Task, configuration and schedule entry names. */
  public static final int NAME = 200;

  /** Task descriptions. */
  public static final int DESCRIPTION = 4_000;

  /** A task's link, as text. */
  public static final int LINK = 2_000;

  /** A progress message; a longer one is cut with an ellipsis. */
  public static final int PROGRESS_MESSAGE = 1_000;

  /** User ids (owners). */
  public static final int USER = 200;

  /** Cron expressions. */
  public static final int CRON = 200;

  /** Time zone ids. */
  public static final int ZONE = 100;

  /** The latest instant a store keeps: the end of the year 9999 (SQL timestamps end there). */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private Limits() {}

  /**
   * A non-null value, or {@link InvalidInputException} naming {@code field} and what is accepted.
   */
  public static <T> T notNull(T value, String field, String accepted) {
    if (value == null) {
      throw new InvalidInputException(field, "is null", accepted);
    }
    return value;
  }

  /** A non-blank text of at most {@code max} characters without NUL. */
  public static String text(String field, String value, int max) {
    String accepted = "1 to " + max + " characters, not blank, without NUL";
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, value == null ? "is null" : "is blank", accepted);
    }
    return bounded(field, value, max, accepted);
  }

  /** A text (may be empty) of at most {@code max} characters without NUL. */
  public static String optionalText(String field, String value, int max) {
    String accepted = "a text of at most " + max + " characters (may be empty), without NUL";
    if (value == null) {
      throw new InvalidInputException(field, "is null", accepted);
    }
    return bounded(field, value, max, accepted);
  }

  /** A user id: not blank, at most {@value #USER} characters, without NUL. */
  public static String user(String user) {
    return text("user", user, USER);
  }

  /** A link of at most {@value #LINK} characters; null stays null (no link). */
  public static URI link(URI link) {
    if (link != null && link.toString().length() > LINK) {
      throw new InvalidInputException(
          "link",
          "has " + link.toString().length() + " characters",
          "a URI of at most " + LINK + " characters");
    }
    return link;
  }

  /** A start time a store can keep (up to {@link #LATEST}); null stays null (start now). */
  public static Instant startAt(Instant startAt) {
    if (startAt != null && startAt.isAfter(LATEST)) {
      throw new InvalidInputException("startAt", "is " + startAt, "an instant up to " + LATEST);
    }
    return startAt;
  }

  /**
   * A handler's progress message as it is kept: NUL replaced, cut to {@value #PROGRESS_MESSAGE}
   * characters with an ellipsis when longer. Never refuses: a handler's words must not fail its
   * task.
   */
  public static String progressMessage(String message) {
    if (message == null) {
      return "";
    }
    String m = message.indexOf('\0') < 0 ? message : message.replace('\0', '\uFFFD');
    if (m.length() <= PROGRESS_MESSAGE) {
      return m;
    }
    int end = PROGRESS_MESSAGE - 1;
    if (Character.isHighSurrogate(m.charAt(end - 1))) {
      end--; // never split a character in two
    }
    return m.substring(0, end) + "\u2026";
  }

  /** A JSON payload of at most {@code maxBytes} bytes in UTF-8. */
  public static String payload(String field, String json, int maxBytes) {
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new PayloadTooLargeException(field, bytes, maxBytes);
    }
    return json;
  }

  private static String bounded(String field, String value, int max, String accepted) {
    if (value.length() > max) {
      throw new InvalidInputException(field, "has " + value.length() + " characters", accepted);
    }
    if (value.indexOf('\0') >= 0) {
      throw new InvalidInputException(field, "contains a NUL character", accepted);
    }
    return value;
  }
}
