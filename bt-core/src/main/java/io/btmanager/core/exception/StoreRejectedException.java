package io.btmanager.core.exception;

/**
 * The store refused a value it cannot hold (a constraint, a size or a character its columns do not
 * take). Not retryable: the same call fails again. The core checks its limits before a store sees
 * a value, so this means a value slipped past them; nothing was written.
 */
public class StoreRejectedException extends TaskManagerException {
  private static final long serialVersionUID = 1L;

  public StoreRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
