package io.btmanager.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the story for a person: numbered sections, indented lines and aligned tables. */
final class Report {
  private final PrintStream out;
  private int sections;

  Report(PrintStream out) {
    this.out = out;
  }

  void title(String text) {
    out.println(text);
    out.println("=".repeat(text.length()));
  }

  void section(String text) {
    heading(++sections + ". " + text);
  }

  /** Section 0: what was there before this run (the numbered story starts at 1). */
  void prelude(String text) {
    heading("0. " + text);
  }

  private void heading(String head) {
    out.println();
    out.println(head);
    out.println("-".repeat(head.length()));
  }

  void line(String format, Object... args) {
    out.println("  " + String.format(Locale.ROOT, format, args));
  }

  /** A table: a header row, then one row per item, columns left-aligned to the widest cell. */
  void table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder b = new StringBuilder("  ");
      for (int i = 0; i < row.size(); i++) {
        b.append(i == row.size() - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.println(b.toString().stripTrailing());
    }
  }

  /**
   * The last eight characters of an id: enough to tell a handful of tasks apart. (Ids are UUIDs of
   * version 7, whose first characters are the time they were made: alike for tasks made together.)
   */
  static String shortId(String id) {
    return id.substring(Math.max(0, id.length() - 8));
  }

  /** "in 0.4 s" from {@code now} to {@code then}, or "unknown" without a {@code then}. */
  static String in(Instant now, Instant then) {
    if (then == null) {
      return "unknown";
    }
    Duration d = Duration.between(now, then);
    return String.format(Locale.ROOT, "in %.1f s", Math.max(0, d.toMillis()) / 1000.0);
  }

  static String millis(Instant from, Instant to) {
    return from == null || to == null ? "-" : Duration.between(from, to).toMillis() + " ms";
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
