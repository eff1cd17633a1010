package io.btmanager.core.internal;

import io.btmanager.core.definition.Advice;
import io.btmanager.core.definition.TaskCancelledException;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.TaskError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule 8: turns an error into words a person can act on. The task type's advisor speaks first; the
 * defaults cover timeouts, I/O, bad arguments, cancellation and lost nodes.
 */
final class Advising {
  private static final Logger LOG = LoggerFactory.getLogger(Advising.class);
  private static final int MAX_DETAIL = 8_000;

  private Advising() {}

  static TaskError advise(TaskDefinition<?, ?> definition, Throwable error) {
    ErrorKind kind = kindOf(error);
    Optional<Advice> own = Optional.empty();
    if (definition != null) {
      try {
        own = definition.advisor().advise(error);
      } catch (RuntimeException advisorFailed) {
        LOG.warn(
            "the error advisor of task type '{}' failed; the default advice is used",
            definition.name(),
            advisorFailed);
        own = Optional.empty();
      }
      if (own == null) {
        LOG.warn(
            "the error advisor of task type '{}' returned null; the default advice is used",
            definition.name());
        own = Optional.empty();
      }
    }
    Advice advice = own.orElseGet(() -> defaults(kind, error));
    return new TaskError(
        kind, advice.summary(), advice.action(), advice.retryable(), detail(error));
  }

  static TaskError cancelled() {
    return new TaskError(
        ErrorKind.CANCELLED,
        "The task was stopped before it finished.",
        "Nothing to do; run it again if you still need its result.",
        true,
        "cancelled by an owner or an administrator");
  }

  /** The handler returned, but its result could not be written as JSON: its type is at fault. */
  static TaskError unwritableResult(Throwable error) {
    return new TaskError(
        ErrorKind.UNEXPECTED,
        "The task finished, but its result could not be saved.",
        "Tell your administrator: this task type returns a result that cannot be stored; running"
            + " it again will not help.",
        false,
        detail(error));
  }

  /**
   * The store refused to keep an attempt's outcome (a value larger than a column or limit takes,
   * that slipped past the core's checks); {@code why} is the store's refusal, or null when the
   * store only reported the outcome not applied.
   */
  static TaskError refusedOutcome(Throwable why) {
    return new TaskError(
        ErrorKind.UNEXPECTED,
        "The task ended, but its result could not be stored"
            + (why == null ? "." : ": " + cut(message(why), 500)),
        "Tell your administrator: the store refused what this task produced (a result or message"
            + " larger than it takes); running it again will not help.",
        false,
        why == null ? "the store refused the outcome of this attempt" : detail(why));
  }

  static TaskError lost(String node) {
    return new TaskError(
        ErrorKind.LOST,
        "The server running this task stopped responding, and it was tried too often to go on.",
        "Run the task again; if this keeps happening, tell your administrator.",
        true,
        "lease of node '" + node + "' expired on the last allowed attempt");
  }

  private static ErrorKind kindOf(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException) {
        return ErrorKind.TIMEOUT;
      }
      if (c instanceof TaskCancelledException || c instanceof InterruptedException) {
        return ErrorKind.CANCELLED;
      }
      if (c instanceof IOException || c instanceof UncheckedIOException) {
        return ErrorKind.IO;
      }
      if (c instanceof IllegalArgumentException || c instanceof InvalidInputException) {
        return ErrorKind.BAD_ARGUMENTS;
      }
    }
    return ErrorKind.UNEXPECTED;
  }

  private static Advice defaults(ErrorKind kind, Throwable e) {
    return switch (kind) {
      case TIMEOUT ->
        new Advice(
            "The task took longer than it is allowed to and was stopped.",
            "Try again later, or with less work (a smaller input); if it keeps timing out, ask your administrator to raise the limit.",
            true);
      case IO ->
        new Advice(
            "The task could not read or write something it needs (a file, a network service).",
            "Check that the files or addresses it uses exist and can be reached, then try again.",
            true);
      case BAD_ARGUMENTS ->
        new Advice(
            "The task was given values it cannot work with: " + message(e),
            "Correct the values you entered and submit the task again.",
            false);
      case CANCELLED ->
        new Advice(
            "The task was stopped before it finished.",
            "Nothing to do; run it again if you still need its result.",
            true);
      case LOST ->
        new Advice("The server running this task stopped responding.", "Run the task again.", true);
      case UNEXPECTED ->
        new Advice(
            "The task failed because of an unexpected error.",
            "Try again; if it fails again, tell your administrator and give them the task id.",
            true);
    };
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String cut(String s, int max) {
    return s.length() > max ? s.substring(0, max - 1) + "…" : s;
  }

  private static String detail(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "\n\t... (cut)" : s;
  }
}
