package io.btmanager.web.internal;

import io.btmanager.core.exception.ConfigurationInUseException;
import io.btmanager.core.exception.IllegalTaskStateException;
import io.btmanager.core.exception.InvalidArgumentsException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.NotFoundException;
import io.btmanager.core.exception.PayloadTooLargeException;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a call threw into the problem the client sees: the core's exceptions by what went
 * wrong; anything else as a 500 with an incident id, logged here, never a stack trace on the wire.
 */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  static ApiProblem of(Throwable t, String path) {
    if (t instanceof ApiProblem p) {
      return p;
    }
    if (t instanceof NotFoundException e) {
      return new ApiProblem(404, "not-found", e.getMessage());
    }
    if (t instanceof UnknownTaskTypeException e) {
      return input(400, "unknown-type", e);
    }
    if (t instanceof PayloadTooLargeException e) {
      return input(413, "payload-too-large", e);
    }
    if (t instanceof InvalidArgumentsException e) {
      return input(400, "invalid-arguments", e);
    }
    if (t instanceof InvalidInputException e) {
      return input(400, "invalid-input", e);
    }
    if (t instanceof IllegalTaskStateException e) {
      return new ApiProblem(409, "illegal-state", e.getMessage());
    }
    if (t instanceof ConfigurationInUseException e) {
      return new ApiProblem(409, "configuration-in-use", e.getMessage());
    }
    if (t instanceof StoreUnavailableException e) {
      LOG.warn("store unavailable during {}: {}", path, e.getMessage());
      return new ApiProblem(
          503,
          "store-unavailable",
          "the task store cannot be reached just now; nothing was changed, try again shortly",
          null,
          null,
          5);
    }
    String incident = UUID.randomUUID().toString();
    LOG.error("incident {} on {}", incident, path, t);
    return new ApiProblem(
        500, "internal-error", "something went wrong on the server (incident " + incident + ")");
  }

  /** A core field path of arguments ({@code $.size.width}) as the request's field. */
  private static ApiProblem input(int status, String code, InvalidInputException e) {
    String field = e.field();
    if (field != null && field.startsWith("$")) {
      field = "arguments" + field.substring(1);
    }
    return new ApiProblem(status, code, e.getMessage(), field, e.accepted(), -1);
  }
}
