package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.StoreRejectedException;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.exception.TaskManagerException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Turns database failures into the library's exceptions; nothing else leaks. Only a transient
 * failure (connection lost or refused, timeout, serialization failure or deadlock, the server
 * shutting down, a pool that is closed or exhausted) is an outage, the retryable {@link
 * StoreUnavailableException}; anything else (a value the database refuses) is {@link
 * StoreRejectedException}, which a retry does not cure.
 */
public final class Guard {
  /**
   * SQLState classes of transient failures: connection (08), transaction rollback such as
   * serialization failure and deadlock (40), insufficient resources (53), operator intervention
   * such as shutdown or a statement timeout (57), system errors (58).
   */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

  /** Timeouts (HYT00, HYT01), and H2's own codes for a broken or closed connection or database. */
  private static final Set<String> TRANSIENT_STATES =
      Set.of("HYT00", "HYT01", "90067", "90098", "90121", "90135");

  private Guard() {}

  public static <T> T call(String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (TaskManagerException e) {
      throw e;
    } catch (JdbiException | IllegalStateException e) {
      String message = "the task store could not " + what + ": " + rootMessage(e);
      if (isTransient(e)) {
        throw new StoreUnavailableException(message, e);
      }
      throw new StoreRejectedException(message, e);
    }
  }

  /** {@code work} on a handle of its own (each statement commits alone), guarded as {@link #call}. */
  public static <T> T withHandle(Jdbi jdbi, String what, HandleCallback<T, RuntimeException> work) {
    return call(what, () -> jdbi.withHandle(work));
  }

  /** {@code work} in a transaction of its own, guarded as {@link #call}. */
  public static <T> T inTransaction(
      Jdbi jdbi, String what, HandleCallback<T, RuntimeException> work) {
    return call(what, () -> jdbi.inTransaction(work));
  }

  public static void run(String what, Runnable work) {
    call(what, () -> {
      work.run();
      return null;
    });
  }

  /**
   * True when the failure is one a retry may cure. A driver or pool failure without a SQLState (a
   * closed pool) counts as transient: a database that refuses a value always says which state.
   */
  public static boolean isTransient(Throwable e) {
    boolean sql = false;
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLTransientException
          || c instanceof SQLRecoverableException
          || c instanceof SQLNonTransientConnectionException
          || c instanceof IOException) {
        return true;
      }
      if (c instanceof SQLException s) {
        sql = true;
        String state = s.getSQLState();
        if (state == null
            || (state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2)))
            || TRANSIENT_STATES.contains(state)) {
          return true;
        }
      }
    }
    return !sql && e instanceof IllegalStateException;
  }

  /** True when the failure is a unique-constraint violation (SQLState 23505 on H2 and PostgreSQL). */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
