package io.btmanager.core.exception;

/**
 * A call was given a value it does not accept. Nothing was changed. The message says what was wrong
 * and what is accepted.
 */
public class InvalidInputException extends TaskManagerException {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final String accepted;

  /**
   * @param field the parameter or field that was wrong (for arguments: the JSON path)
   * @param problem what was wrong with it
   * @param accepted what would have been accepted
   */
  public InvalidInputException(String field, String problem, String accepted) {
    super(field + ": " + problem + "; accepted: " + accepted);
    this.field = field;
    this.accepted = accepted;
  }

  /** The parameter or field that was wrong; for task arguments, the JSON path (e.g. {@code $.size.width}). */
  public String field() {
    return field;
  }

  /** What would have been accepted. */
  public String accepted() {
    return accepted;
  }
}
