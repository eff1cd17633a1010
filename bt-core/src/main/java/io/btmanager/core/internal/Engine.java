package io.btmanager.core.internal;

import io.btmanager.core.event.TaskEvent;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.StoreCapabilities;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the core's parts together for one manager: store, executor, registry, and the services the
 * public views call. Not API.
 */
public final class Engine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final EngineConfig config;
  private final TaskStore store;
  private final TaskExecutor executor;
  private final Registry registry;
  private final Json json = new Json();
  private final DurationStats stats = new DurationStats();
  private final EventBus events;
  private final TaskViews views;
  private final ScheduledExecutorService timer;
  private final Worker worker;
  private final WorkLoop loop;
  private final Submissions submissions = new Submissions(this);
  private final OwnerRules rules = new OwnerRules(this);
  private final Reads reads = new Reads(this);
  private final Configurations configurations = new Configurations(this);
  private final Scheduler scheduler = new Scheduler(this);
  private final Leases leases = new Leases(this);
  private final Retention retention = new Retention(this);
  private final Announcer announcer;
  private AutoCloseable listening = () -> {};

  public Engine(EngineConfig config, TaskStore store, TaskExecutor executor, Registry registry) {
    this.config = config;
    this.store = store;
    this.executor = executor;
    this.registry = registry;
    this.events = new EventBus(config.nodeId());
    this.views = new TaskViews(
        store,
        config.clock(),
        stats,
        this::liveProgress,
        () -> executor == null ? 1 : executor.concurrency());
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bt-timeouts-" + config.nodeId());
      t.setDaemon(true);
      return t;
    });
    this.worker = new Worker(this, new StoreGuard(), timer);
    this.loop = executor == null ? null : new WorkLoop(config, worker, executor);
    this.announcer =
        store.capabilities().changeFeed() ? new Announcer(store, config.nodeId(), timer) : null;
  }

  /** Starts the executor, if there is one. */
  public void start() {
    if (announcer != null) {
      listening = store.listen(config.nodeId(), this::changedElsewhere, events::missedElsewhere);
    }
    if (loop != null) {
      loop.start();
    }
  }

  public EngineConfig config() {
    return config;
  }

  public TaskStore store() {
    return store;
  }

  public Registry registry() {
    return registry;
  }

  public Json json() {
    return json;
  }

  public EventBus events() {
    return events;
  }

  public TaskViews views() {
    return views;
  }

  public Submissions submissions() {
    return submissions;
  }

  public OwnerRules rules() {
    return rules;
  }

  public Reads reads() {
    return reads;
  }

  public Configurations configurations() {
    return configurations;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * One page of a listing: the store's own when it {@linkplain StoreCapabilities#filtersQueries()
   * filters queries}, else the shared evaluator over the owner's tasks.
   */
  StorePage query(String owner, TaskQuery query) {
    return store.capabilities().filtersQueries()
        ? store.query(owner, query)
        : QueryEvaluator.page(store.tasksOf(owner), query, store::executions);
  }

  /** A claim of up to {@code max} tasks of the types this node runs, under this node's lease. */
  ClaimRequest claimRequest(int max) {
    return new ClaimRequest(config.nodeId(), max, config.lease(), registry.runnable());
  }

  DurationStats stats() {
    return stats;
  }

  /** Stops a task this node holds, if it does: cancelled, or deleted. */
  void stopLocally(String taskId, boolean deleted) {
    worker.claims().stopLocally(taskId, deleted);
  }

  private Progress liveProgress(String taskId) {
    return worker.claims().progressOf(taskId);
  }

  Leases leases() {
    return leases;
  }

  Retention retention() {
    return retention;
  }

  void wakeExecutor() {
    if (executor != null) {
      executor.taskSubmitted();
    }
  }

  /** Publishes an event built from a task already in hand (no store read). */
  void publish(TaskEventKind kind, StoredTask t, Progress progress, String user) {
    if (kind != TaskEventKind.PROGRESS) {
      announce(t.id(), kind, user);
    }
    if (!events.active()) {
      return;
    }
    Set<String> to = recipients(t, user);
    events.publish(event(kind, views.quickView(t, progress), user, t), to);
  }

  /**
   * Publishes the CREATED of a task just submitted here, then the events other threads published for
   * it meanwhile (see {@link EventBus#hold}).
   */
  void publishCreated(StoredTask t) {
    announce(t.id(), TaskEventKind.CREATED, null);
    if (events.active()) {
      events.created(
          event(TaskEventKind.CREATED, views.quickView(t, t.progress()), null, t), t.owners());
    } else {
      events.unhold(t.id());
    }
  }

  private TaskEvent event(TaskEventKind kind, Task view, String user, StoredTask t) {
    return new TaskEvent(kind, view, user, config.clock().instant(), t.version());
  }

  /** Publishes an event with the task as the store has it now. */
  void publishCurrent(TaskEventKind kind, String id) {
    publishCurrent(kind, id, null);
  }

  void publishCurrent(TaskEventKind kind, String id, String user) {
    announce(id, kind, user);
    if (!events.active()) {
      return;
    }
    store.find(id).ifPresent(t -> {
      Set<String> to = recipients(t, user);
      events.publish(event(kind, views.view(t), user, t), to);
    });
  }

  /** Tells other nodes (through a store that carries events) that a task changed here. */
  void announce(String id, TaskEventKind kind, String user) {
    if (announcer != null) {
      announcer.add(id, kind, user);
    }
  }

  /**
   * A change announced by another node: read the task and tell this node's subscribers. A task
   * deleted meanwhile is no longer there to read, so its DELETED event is not relayed.
   */
  private void changedElsewhere(io.btmanager.core.spi.TaskChange c) {
    if (c.node().equals(config.nodeId()) || !events.active()) {
      return;
    }
    try {
      store
          .find(c.taskId())
          .ifPresent(t ->
              events.publish(event(c.kind(), views.view(t), c.user(), t), recipients(t, c.user())));
    } catch (RuntimeException e) {
      LOG.warn("could not relay a change of task {} from node {}", c.taskId(), c.node(), e);
    }
  }

  private static Set<String> recipients(StoredTask t, String user) {
    if (user == null || t.owners().contains(user)) {
      return t.owners();
    }
    Set<String> s = new HashSet<>(t.owners());
    s.add(user);
    return s;
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.stop();
    }
    try {
      listening.close();
    } catch (Exception e) {
      LOG.warn("closing the change listener failed", e);
    }
    if (announcer != null) {
      announcer.close();
    }
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
    store.close();
    LOG.info("task manager on node {} closed", config.nodeId());
  }
}
