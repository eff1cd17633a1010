package io.btmanager.web.internal;

import java.time.Instant;

/**
 * An instant as {@link Instant#toString()} writes it (ISO-8601 in UTC, the fraction in groups of
 * three digits, none when zero), without the formatter: a page of tasks writes a hundred of them,
 * and {@code DateTimeFormatter} cost more than the rest of a task's JSON together. Years outside
 * 0000-9999 go through {@code toString}.
 */
final class IsoTime {
  private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private IsoTime() {}

  static String format(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < MIN || seconds > MAX) {
      return t.toString();
    }
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    // civil date from days since 1970-01-01 (H. Hinnant's algorithm)
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    int nano = t.getNano();
    char[] c = new char[30];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, month, 2);
    c[7] = '-';
    digits(c, 8, day, 2);
    c[10] = 'T';
    digits(c, 11, secondOfDay / 3_600, 2);
    c[13] = ':';
    digits(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    digits(c, 17, secondOfDay % 60, 2);
    int end = 19;
    if (nano != 0) {
      c[end++] = '.';
      if (nano % 1_000_000 == 0) {
        digits(c, end, nano / 1_000_000, 3);
        end += 3;
      } else if (nano % 1_000 == 0) {
        digits(c, end, nano / 1_000, 6);
        end += 6;
      } else {
        digits(c, end, nano, 9);
        end += 9;
      }
    }
    c[end++] = 'Z';
    return new String(c, 0, end);
  }

  private static void digits(char[] c, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
