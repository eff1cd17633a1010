package io.btmanager.core.exception;

/** A task's arguments do not bind to its type's argument class; {@link #field()} is the JSON path. */
public class InvalidArgumentsException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentsException(String fieldPath, String problem, String accepted) {
    super(fieldPath, problem, accepted);
  }
}
