package io.btmanager.core.exception;

/**
 * The store could not be reached or failed. Retryable: nothing was half-written, and the same call
 * may succeed once the store is back. Stores wrap their driver's exceptions in this.
 */
public class StoreUnavailableException extends TaskManagerException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Always true: the call may be tried again. */
  public boolean isRetryable() {
    return true;
  }
}
