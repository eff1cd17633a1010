package io.btmanager.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.btmanager.core.TaskManager;
import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.TaskChange;
import io.btmanager.core.task.TaskState;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.testkit.TestTaskTypes;
import io.btmanager.testkit.TestTaskTypes.Args;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Task changes from node to node on a Redis Stream: in order, others' only, resumed after a cut. */
class ChangeFeedTest {

  @Test
  void aNodeHearsTheOtherNodesChangesInOrderButNotItsOwn() throws Exception {
    RedisServer server = RedisServer.get();
    String namespace = RedisServer.newNamespace();
    try (RedisTaskStore a = server.store(namespace);
        RedisTaskStore b = server.store(namespace)) {
      List<TaskChange> heardByB = new CopyOnWriteArrayList<>();
      AutoCloseable listening = b.listen("node-b", heardByB::add);
      try {
        a.announce(List.of(
            new TaskChange("node-a", "t1", TaskEventKind.CREATED, null),
            new TaskChange("node-a", "t1", TaskEventKind.JOINED, "bob")));
        b.announce(List.of(new TaskChange("node-b", "t2", TaskEventKind.CREATED, null)));
        a.announce(List.of(new TaskChange("node-a", "t1", TaskEventKind.STARTED, null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> heardByB.size() >= 3);
        assertThat(heardByB)
            .containsExactly(
                new TaskChange("node-a", "t1", TaskEventKind.CREATED, null),
                new TaskChange("node-a", "t1", TaskEventKind.JOINED, "bob"),
                new TaskChange("node-a", "t1", TaskEventKind.STARTED, null));
      } finally {
        listening.close();
      }
    }
  }

  @Test
  void aListenerCutOffFromRedisResumesAfterTheLastChangeItHeard() throws Exception {
    RedisServer server = RedisServer.get();
    String namespace = RedisServer.newNamespace();
    try (RedisTaskStore a = server.store(namespace);
        RedisTaskStore b = server.store(namespace);
        RedisClient admin = RedisClient.create(server.uri());
        StatefulRedisConnection<String, String> c = admin.connect()) {
      List<TaskChange> heard = new CopyOnWriteArrayList<>();
      AutoCloseable listening = b.listen("node-b", heard::add);
      try {
        a.announce(List.of(new TaskChange("node-a", "before", TaskEventKind.CREATED, null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 1);

        // cut every blocked reader (b's feed reader is the only client in XREAD), then announce
        // while it is away
        String clients = c.sync().clientList();
        long cut = clients.lines().filter(l -> l.contains("cmd=xread")).count();
        assertThat(cut).as("readers blocked in XREAD").isGreaterThanOrEqualTo(1);
        clients
            .lines()
            .filter(l -> l.contains("cmd=xread"))
            .map(l -> l.substring(l.indexOf("id=") + 3, l.indexOf(' ')))
            .forEach(
                id -> c.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id))));
        a.announce(List.of(
            new TaskChange("node-a", "while-cut-1", TaskEventKind.CREATED, null),
            new TaskChange("node-a", "while-cut-2", TaskEventKind.CREATED, null)));

        await().atMost(Duration.ofSeconds(20)).until(() -> heard.size() >= 3);
        assertThat(heard)
            .extracting(TaskChange::taskId)
            .containsExactly("before", "while-cut-1", "while-cut-2");
      } finally {
        listening.close();
      }
    }
  }

  @Test
  void aSubscriberOnASubmitOnlyNodeSeesTheTaskRunOnAnotherNode() {
    var type = TestTaskTypes.succeeds("report");
    RedisServer server = RedisServer.get();
    String namespace = RedisServer.newNamespace();
    try (TaskManager worker = TaskManager.builder()
            .nodeId("worker")
            .store(server.store(namespace))
            .executor(LocalExecutor.threads(2))
            .pollInterval(Duration.ofMillis(50))
            .register(type)
            .build();
        TaskManager web = TaskManager.builder()
            .nodeId("web")
            .store(server.store(namespace))
            .register(type)
            .build()) {
      List<TaskEvent> seen = new CopyOnWriteArrayList<>();
      web.forUser("alice").subscribe(seen::add);
      List<TaskEvent> bobSees = new CopyOnWriteArrayList<>();
      web.forUser("bob").subscribe(bobSees::add);

      String id = web.forUser("alice").submit(type, Args.of("q3")).id();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> seen.stream().anyMatch(e -> e.kind() == TaskEventKind.SUCCEEDED));
      assertThat(seen)
          .extracting(TaskEvent::kind)
          .containsSubsequence(
              TaskEventKind.CREATED, TaskEventKind.STARTED, TaskEventKind.SUCCEEDED);
      assertThat(worker.admin().get(id).state()).isEqualTo(TaskState.SUCCEEDED);
      assertThat(bobSees).isEmpty(); // relayed events keep to the task's owners
    }
  }
}
