package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.exception.TaskManagerException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Turns database failures into the retryable {@link StoreUnavailableException}; nothing else leaks. */
public final class Guard {
  private Guard() {}

  public static <T> T call(String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (TaskManagerException e) {
      throw e;
    } catch (JdbiException | IllegalStateException e) {
      throw new StoreUnavailableException(
          "the task store could not " + what + ": " + rootMessage(e), e);
    }
  }

  public static void run(String what, Runnable work) {
    call(what, () -> {
      work.run();
      return null;
    });
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
