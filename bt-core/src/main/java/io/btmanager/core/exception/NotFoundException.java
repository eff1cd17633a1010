package io.btmanager.core.exception;

/**
 * Something named by id does not exist, or is not the caller's: both look the same (rule 1), so
 * nothing leaks about other users' data.
 */
public class NotFoundException extends TaskManagerException {
  private static final long serialVersionUID = 1L;
  private final String id;

  protected NotFoundException(String what, String id) {
    super("no " + what + " with id '" + id + "'");
    this.id = id;
  }

  /** The id that was not found. */
  public String id() {
    return id;
  }
}
