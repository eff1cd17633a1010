package io.btmanager.store.jdbc;

import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker node in a JVM of its own, for {@code MultiNodeTest}: it joins the PostgreSQL database at
 * {@code args[0]} as node {@code args[3]}, claims tasks of type {@value #TYPE} and blocks in every
 * one of them until the test kills the JVM with SIGKILL. Never ends by itself.
 *
 * <p>Arguments: JDBC URL, user, password, node id, worker threads, lease in milliseconds.
 */
public final class CrashingWorkerMain {
  /** The task type whose handlers block here (the test's surviving node runs it to the end). */
  static final String TYPE = "blocks-until-killed";

  private CrashingWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    String node = args[3];
    int threads = Integer.parseInt(args[4]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
    CountDownLatch never = new CountDownLatch(1);
    TaskDefinition<Args, String> blocks = TaskDefinition.of(TYPE, Args.class, String.class)
        .handler((ctx, a) -> {
          System.out.println("started " + a.label() + " (task " + ctx.taskId() + ")");
          never.await(); // only SIGKILL ends it
          return a.label();
        })
        .build();
    TaskManager manager = TaskManager.builder()
        .store(JdbcTaskStore.postgres(url, user, password))
        .executor(LocalExecutor.threads(threads))
        .nodeId(node)
        .leaseDuration(lease)
        .heartbeatInterval(lease.dividedBy(4))
        .sweepInterval(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .register(blocks)
        .build();
    System.out.println("node " + manager.nodeId() + " is up");
    never.await();
  }
}
