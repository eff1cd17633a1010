package io.btmanager.store.jdbc;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.nio.file.Path;

/**
 * A node in a JVM of its own, for {@code H2FileDurabilityTest}: it opens the H2 file store at
 * {@code args[0]}, submits {@code args[1]} tasks one by one, prints the id of each as soon as its
 * submit returned, and halts the JVM at once after the last one ({@link Runtime#halt}: no shutdown
 * hook, no close, nothing flushed on the way out), as a power cut or a SIGKILL would.
 */
public final class SubmitThenHaltMain {
  private SubmitThenHaltMain() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    TaskDefinition<Args, String> type = TestTaskTypes.succeeds(H2FileDurabilityTest.TYPE);
    TaskManager manager =
        TaskManager.builder().store(JdbcTaskStore.h2(file)).register(type).build();
    UserTasks alice = manager.forUser("alice");
    for (int i = 0; i < count; i++) {
      String id = alice.submit(type, Args.of("t" + i)).id();
      System.out.println("submitted " + id);
      System.out.flush();
    }
    Runtime.getRuntime().halt(0);
  }
}
