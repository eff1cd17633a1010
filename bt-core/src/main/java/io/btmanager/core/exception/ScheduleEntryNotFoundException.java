package io.btmanager.core.exception;

/** No schedule entry with this id exists, or it is not the caller's. */
public class ScheduleEntryNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public ScheduleEntryNotFoundException(String id) {
    super("schedule entry", id);
  }
}
