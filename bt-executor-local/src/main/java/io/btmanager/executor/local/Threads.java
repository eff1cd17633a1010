package io.btmanager.executor.local;

import io.btmanager.core.exception.InvalidInputException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the executor's threads. Virtual threads are reached by reflection because the library
 * compiles for Java 17 and virtual threads exist from Java 21 on.
 */
final class Threads {
  private static final int VIRTUAL_THREADS_SINCE = 21;

  private Threads() {}

  /** True when this JVM can start virtual threads. */
  static boolean virtualAvailable() {
    if (Runtime.version().feature() < VIRTUAL_THREADS_SINCE) {
      return false;
    }
    try {
      virtualFactory("bt-probe-");
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  /** The exception for a JVM without virtual threads, naming its version. */
  static InvalidInputException virtualUnavailable() {
    return new InvalidInputException(
        "virtualThreads",
        "virtual threads need Java " + VIRTUAL_THREADS_SINCE + " or later, but this JVM is Java "
            + Runtime.version(),
        "platform threads on this JVM (LocalExecutor.threads(n) or virtualThreads(false)), "
            + "or run on Java " + VIRTUAL_THREADS_SINCE + "+");
  }

  /** A factory of daemon platform threads named {@code prefix + index}, index from 1. */
  static ThreadFactory platformFactory(String prefix) {
    return new ThreadFactory() {
      private int next = 1;

      @Override
      public synchronized Thread newThread(Runnable task) {
        Thread t = new Thread(task, prefix + next++);
        t.setDaemon(true);
        return t;
      }
    };
  }

  /** One daemon platform thread with the given name, not started. */
  static Thread platform(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * A factory of virtual threads (always daemon) named {@code prefix + index}, index from 1.
   *
   * @throws InvalidInputException when this JVM has no virtual threads
   */
  static ThreadFactory virtualFactory(String prefix) {
    try {
      Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      Method name = ofVirtual.getMethod("name", String.class, long.class);
      builder = name.invoke(builder, prefix, 1L);
      return (ThreadFactory) ofVirtual.getMethod("factory").invoke(builder);
    } catch (NoSuchMethodException
        | ClassNotFoundException
        | IllegalAccessException
        | InvocationTargetException
        | ClassCastException e) {
      // Java 17-18: no such API; Java 19-20: a preview API, refused unless previews are enabled.
      InvalidInputException unavailable = virtualUnavailable();
      unavailable.addSuppressed(e);
      throw unavailable;
    }
  }
}
