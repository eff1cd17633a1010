package io.btmanager.testkit.contract;

import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.spi.Turnover;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the tasks a node holds claimed through a store it uses alone: a claim adds what it asks
 * for before it runs (then takes back what it did not get), an outcome written on its own subtracts
 * one after its write, and the outcomes written with a claim in one transaction are subtracted
 * with it (a refused one was not the node's to hold any more). So the count is never below the
 * tasks the store shows this node holding, and its largest value bounds them from above.
 */
final class ClaimCounter {
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();

  /** The most tasks held at once (an upper bound). */
  int most() {
    return most.get();
  }

  TaskStore around(TaskStore store) {
    return (TaskStore) Proxy.newProxyInstance(
        TaskStore.class.getClassLoader(), new Class<?>[] {TaskStore.class}, (p, method, args) -> {
          String name = method.getName();
          int asked = name.equals("claim") || name.equals("completeAndClaim") ? intArg(args) : 0;
          int ending = name.equals("completeAndClaim") ? ((List<?>) args[0]).size() : 0;
          most.accumulateAndGet(held.addAndGet(asked - ending), Math::max);
          Object out;
          try {
            out = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            held.addAndGet(ending - asked);
            throw e.getCause();
          }
          if (out instanceof Turnover t) {
            held.addAndGet(t.claimed().size() - asked);
          } else if (name.equals("claim")) {
            held.addAndGet(((List<?>) out).size() - asked);
          } else if (name.equals("complete")) {
            held.addAndGet(-applied((List<?>) out));
          }
          return out;
        });
  }

  private static int intArg(Object[] args) {
    for (Object a : args) {
      if (a instanceof Integer i) {
        return i;
      }
    }
    throw new IllegalStateException("a claim without a count");
  }

  private static int applied(List<?> applied) {
    int n = 0;
    for (Object a : applied) {
      if (Boolean.TRUE.equals(a)) {
        n++;
      }
    }
    return n;
  }
}
