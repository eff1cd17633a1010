package io.btmanager.core.exception;

/** Arguments, overrides or a text field were larger than the manager accepts. */
public class PayloadTooLargeException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public PayloadTooLargeException(String field, long size, long limit) {
    super(field, "is " + size + " bytes", "at most " + limit + " bytes");
  }
}
