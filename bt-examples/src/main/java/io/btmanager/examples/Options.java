package io.btmanager.examples;

import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.executor.quartz.QuartzExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The example host's command line: {@code [--once] [--quartz] [--port <n>]} and the storage arguments of
 * {@link Storage#fromArgs}.
 *
 * @param once print the story once and exit, instead of serving the live dashboard
 * @param quartz run the tasks on a Quartz scheduler's threads instead of a local pool
 * @param port the dashboard's port, 0 for any free one
 * @param storage where the tasks are kept
 */
record Options(boolean once, boolean quartz, int port, Storage storage) {
  static final int DEFAULT_PORT = 8080;

  static Options parse(String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    boolean once = rest.remove("--once");
    boolean quartz = rest.remove("--quartz");
    int port = DEFAULT_PORT;
    int at = rest.indexOf("--port");
    if (at >= 0) {
      if (at + 1 >= rest.size()) {
        throw new IllegalArgumentException("--port needs a number; " + Storage.USAGE);
      }
      port = port(rest.get(at + 1));
      rest.subList(at, at + 2).clear();
    }
    return new Options(once, quartz, port, Storage.fromArgs(rest.toArray(String[]::new)));
  }

  /** The executor these options ask for, with {@code threads} threads. */
  Supplier<TaskExecutor> executor(int threads) {
    return quartz ? () -> QuartzExecutor.threads(threads) : () -> LocalExecutor.threads(threads);
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
