package io.btmanager.core.exception;

/** No configuration with this id exists, or it is not the caller's. */
public class ConfigurationNotFoundException extends NotFoundException {
  private static final long serialVersionUID = 1L;

  public ConfigurationNotFoundException(String id) {
    super("configuration", id);
  }
}
