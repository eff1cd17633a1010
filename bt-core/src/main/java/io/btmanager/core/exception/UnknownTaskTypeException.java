package io.btmanager.core.exception;

import java.util.Collection;
import java.util.TreeSet;

/** A task type was named that was not registered with the manager. */
public class UnknownTaskTypeException extends InvalidInputException {
  private static final long serialVersionUID = 1L;
  private final String type;

  public UnknownTaskTypeException(String type, Collection<String> registered) {
    super(
        "type",
        "'" + type + "' is not a registered task type",
        "one of " + new TreeSet<>(registered));
    this.type = type;
  }

  /** The name that was not found. */
  public String type() {
    return type;
  }
}
