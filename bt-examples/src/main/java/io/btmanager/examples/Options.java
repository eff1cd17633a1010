package io.btmanager.examples;

import java.util.ArrayList;
import java.util.List;

/**
 * The example host's command line: {@code [--once] [--port <n>]} and the storage arguments of
 * {@link Storage#fromArgs}.
 *
 * @param once print the story once and exit, instead of serving the live dashboard
 * @param port the dashboard's port, 0 for any free one
 * @param storage where the tasks are kept
 */
record Options(boolean once, int port, Storage storage) {
  static final int DEFAULT_PORT = 8080;

  static Options parse(String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean once = rest.remove("--once");
    int port = DEFAULT_PORT;
    int at = rest.indexOf("--port");
    if (at >= 0) {
      if (at + 1 >= rest.size()) {
        throw new IllegalArgumentException("--port needs a number; " + Storage.USAGE);
      }
      port = port(rest.get(at + 1));
      rest.subList(at, at + 2).clear();
    }
    return new Options(once, port, Storage.fromArgs(rest.toArray(String[]::new)));
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        "--port takes 0 (any free port) to 65535, not '" + text + "'; " + Storage.USAGE);
  }
}
