package io.btmanager.core.exception;

/** A schedule was malformed: a cron expression that does not parse, or a period under a second. */
public class InvalidScheduleException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidScheduleException(String field, String problem, String accepted) {
    super(field, problem, accepted);
  }
}
