package io.btmanager.store.redis;

import io.btmanager.core.TaskManager;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.testkit.cluster.MultiNodeHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Several nodes (TaskManagers, each with its own store and connection) on one Redis namespace, built
 * and closed by the test's {@link MultiNodeHarness}, and a store of the test's own on the namespace
 * to look at what they wrote.
 */
final class Nodes {
  final RedisServer server;
  final String namespace = RedisServer.newNamespace();
  final RedisTaskStore inspector;
  final MultiNodeHarness harness;

  Nodes(RedisServer server, MultiNodeHarness harness) {
    this.server = server;
    this.harness = harness;
    this.inspector = harness.closeLater(server.store(namespace));
  }

  /** A node with its own store on the namespace, closed with the others. */
  TaskManager node(String nodeId, TaskExecutor executor, Consumer<TaskManager.Builder> custom) {
    return harness.node(server.store(namespace), nodeId, executor, custom);
  }

  /** Every task of the namespace, read in chunks. */
  List<StoredTask> tasks() {
    List<String> ids = inspector.allIds();
    List<StoredTask> tasks = new ArrayList<>(ids.size());
    for (int from = 0; from < ids.size(); from += 1_000) {
      tasks.addAll(inspector.findAll(ids.subList(from, Math.min(ids.size(), from + 1_000))));
    }
    return tasks;
  }

  /** How many tasks are in each state. */
  Map<String, Long> states() {
    return tasks().stream()
        .collect(Collectors.groupingBy(t -> t.state().name(), TreeMap::new, Collectors.counting()));
  }

  StoredTask task(String id) {
    return inspector.find(id).orElseThrow();
  }
}
