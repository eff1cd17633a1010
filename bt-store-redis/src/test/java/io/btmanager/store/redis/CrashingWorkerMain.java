package io.btmanager.store.redis;

import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker node in a JVM of its own, for {@code RedisMultiNodeTest}: it joins namespace {@code
 * args[1]} on the Redis at {@code args[0]} as node {@code args[2]}, claims tasks of type {@value
 * #TYPE} and blocks in every one of them until the test kills the JVM with SIGKILL.
 *
 * <p>Arguments: Redis URI, namespace, node id, worker threads, lease in milliseconds.
 */
public final class CrashingWorkerMain {
  /** The task type whose handlers block here (the test's surviving node runs it to the end). */
  static final String TYPE = "blocks-until-killed";

  private CrashingWorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    CountDownLatch never = new CountDownLatch(1);
    TaskDefinition<Args, String> blocks = TaskDefinition.of(TYPE, Args.class, String.class)
        .handler((ctx, a) -> {
          System.out.println("started " + a.label() + " (task " + ctx.taskId() + ")");
          never.await(); // only SIGKILL ends it
          return a.label();
        })
        .build();
    TaskManager manager = TaskManager.builder()
        .store(RedisTaskStore.builder().uri(args[0]).namespace(args[1]).build())
        .executor(LocalExecutor.threads(Integer.parseInt(args[3])))
        .nodeId(args[2])
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
