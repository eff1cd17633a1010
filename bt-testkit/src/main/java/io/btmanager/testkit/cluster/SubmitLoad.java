package io.btmanager.testkit.cluster;

import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread submitting tasks as fast as the nodes acknowledge them, round robin, while a test
 * takes the backend away: what was acknowledged, what was refused with {@link
 * StoreUnavailableException} (retryable), and any other failure, which a test expects to be none.
 */
public final class SubmitLoad {
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicBoolean restarted = new AtomicBoolean();
  private final AtomicLong firstAckAfterRestart = new AtomicLong();
  private final Thread submitter;

  SubmitLoad(List<TaskManager> nodes, String user, TaskDefinition<Args, String> type) {
    submitter = new Thread(
        () -> {
          for (int i = 0; !stop.get(); i++) {
            String label = "r" + i;
            try {
              String id = nodes
                  .get(i % nodes.size())
                  .forUser(user)
                  .submit(type, Args.of(label))
                  .id();
              acknowledged.put(id, label);
              if (restarted.get()) {
                firstAckAfterRestart.compareAndSet(0, System.nanoTime());
              }
            } catch (StoreUnavailableException e) {
              refused.incrementAndGet();
            } catch (Throwable e) {
              unexpected.add(e);
            }
          }
        },
        "submitter");
    submitter.setDaemon(true);
    submitter.start();
  }

  /** The acknowledged submits so far: task id to label. */
  public Map<String, String> acknowledged() {
    return acknowledged;
  }

  /** How many submits were refused with {@link StoreUnavailableException}. */
  public int refused() {
    return refused.get();
  }

  /** Failures other than {@link StoreUnavailableException}. */
  public List<Throwable> unexpected() {
    return unexpected;
  }

  /** Marks the moment the backend is back; see {@link #firstAckAfterRestart()}. */
  public void restarted() {
    restarted.set(true);
  }

  /** {@link System#nanoTime()} of the first submit acknowledged after {@link #restarted()}. */
  public long firstAckAfterRestart() {
    return firstAckAfterRestart.get();
  }

  /** Stops the submitter and waits up to 30 s for it; whether it stopped. */
  public boolean stop() throws InterruptedException {
    stop.set(true);
    submitter.join(TimeUnit.SECONDS.toMillis(30));
    return !submitter.isAlive();
  }
}
