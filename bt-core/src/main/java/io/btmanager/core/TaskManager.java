package io.btmanager.core;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.internal.Engine;
import io.btmanager.core.internal.EngineConfig;
import io.btmanager.core.internal.Limits;
import io.btmanager.core.internal.Registry;
import io.btmanager.core.internal.Scope;
import io.btmanager.core.internal.StoreClock;
import io.btmanager.core.memory.InMemoryTaskStore;
import io.btmanager.core.spi.TaskExecutor;
import io.btmanager.core.spi.TaskStore;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door: one manager per host process (or several in tests), built once with {@link
 * #builder()}, used through user-scoped views ({@link #forUser}) and an admin view ({@link
 * #admin()}), closed when the host stops. Thread-safe.
 *
 * <pre>{@code
 * try (TaskManager manager = TaskManager.builder()
 *     .executor(LocalExecutor.threads(8))
 *     .register(resize)
 *     .build()) {
 *   UserTasks alice = manager.forUser("alice");
 *   Submitted<URI> s = alice.submit(resize, new Resize(uri, 640), o -> o.name("Resize photo"));
 * }
 * }</pre>
 */
public final class TaskManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskManager.class);
  private final Engine engine;
  private final AdminTasks admin;

  private TaskManager(Engine engine) {
    this.engine = engine;
    this.admin = new AdminTasks(engine);
  }

  /** Starts a builder with the defaults: in-memory store, no executor (this node only submits). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The view of one user (rule 1): everything done through it acts only on tasks that list {@code
   * user} as an owner; other tasks behave as if they did not exist. Cheap; need not be kept.
   *
   * @throws InvalidInputException when {@code user} is null, blank or longer than 200 characters
   */
  public UserTasks forUser(String user) {
    return new UserTasks(engine, Scope.of(user));
  }

  /** The admin view: sees, stops and deletes every task, whoever owns it. */
  public AdminTasks admin() {
    return admin;
  }

  /**
   * The registered task types, by name, each with a JSON Schema of its arguments so that a client
   * can draw a form and submit through {@link UserTasks#submitJson}.
   */
  public List<TaskType> types() {
    return engine.registry().types();
  }

  /** This node's id: the name its leases and executions carry. */
  public String nodeId() {
    return engine.config().nodeId();
  }

  /**
   * Stops the executor (running tasks get the shutdown grace to finish; the rest go back to the
   * queue), stops event delivery and closes the store. Tasks in a store that declares {@link
   * io.btmanager.core.spi.StoreCapabilities#survivesRestart()} are there when a manager opens it
   * again.
   */
  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link TaskManager}; every setter validates at once and names the bad value. */
  public static final class Builder {
    private static final Duration LONGEST = Duration.ofDays(3_650);
    private TaskStore store;
    private TaskExecutor executor;
    private final Map<String, TaskDefinition<?, ?>> definitions = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private String nodeId;
    private Duration lease = Duration.ofSeconds(30);
    private Duration heartbeat = Duration.ofSeconds(10);
    private Duration sweep = Duration.ofSeconds(10);
    private Duration poll = Duration.ofSeconds(1);
    private Duration scheduleCheck = Duration.ofSeconds(1);
    private Duration progressWrite = Duration.ofSeconds(1);
    private Duration retention;
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private int maxArgumentBytes = 64 * 1024;
    private int maxResultBytes = 1024 * 1024;
    private int lostLeaseRetries = 2;
    private boolean built;

    private Builder() {}

    /** Where tasks live; default: a new in-memory store on this builder's clock. */
    public Builder store(TaskStore store) {
      this.store =
          Limits.notNull(unsealed(store), "store", "a TaskStore, e.g. JdbcTaskStore.h2(path)");
      return this;
    }

    /** What runs tasks on this node; default none (the node only submits and reads). */
    public Builder executor(TaskExecutor executor) {
      this.executor = Limits.notNull(
          unsealed(executor), "executor", "a TaskExecutor, e.g. LocalExecutor.threads(8)");
      return this;
    }

    /**
     * Registers task types. Each name once.
     *
     * @throws InvalidInputException when a name is registered twice
     */
    public Builder register(TaskDefinition<?, ?>... types) {
      unsealed(types);
      if (types == null || java.util.Arrays.asList(types).contains(null)) {
        throw new InvalidInputException(
            "types",
            types == null ? "is null" : "contains null",
            "one or more TaskDefinitions, built with TaskDefinition.of(...).build()");
      }
      for (TaskDefinition<?, ?> d : types) {
        if (definitions.putIfAbsent(d.name(), d) != null) {
          throw new InvalidInputException(
              "register",
              "task type '" + d.name() + "' is registered twice",
              "each task type name once");
        }
      }
      return this;
    }

    /**
     * The clock of the default in-memory store; tests pass a controllable one. Every task time is
     * the store's clock ({@code TaskStore#now()}): a store given with {@link #store} keeps its own
     * (a SQL store's is the database's), and this clock then serves nothing.
     */
    public Builder clock(Clock clock) {
      this.clock = Limits.notNull(unsealed(clock), "clock", "a Clock, e.g. Clock.systemUTC()");
      return this;
    }

    /** This node's id; default: host name and a random suffix. */
    public Builder nodeId(String nodeId) {
      this.nodeId = Limits.text("nodeId", unsealed(nodeId), 100);
      return this;
    }

    /** How long a claim holds a task without a heartbeat; default 30 s. */
    public Builder leaseDuration(Duration d) {
      this.lease = positive("leaseDuration", d);
      return this;
    }

    /** How often running tasks' leases are extended; default 10 s; below the lease. */
    public Builder heartbeatInterval(Duration d) {
      this.heartbeat = positive("heartbeatInterval", d);
      return this;
    }

    /** How often expired leases are looked for; default 10 s. */
    public Builder sweepInterval(Duration d) {
      this.sweep = positive("sweepInterval", d);
      return this;
    }

    /** How often an idle executor looks for work submitted on other nodes; default 1 s. */
    public Builder pollInterval(Duration d) {
      this.poll = positive("pollInterval", d);
      return this;
    }

    /** How often due schedule entries are looked for; default 1 s. */
    public Builder scheduleCheckInterval(Duration d) {
      this.scheduleCheck = positive("scheduleCheckInterval", d);
      return this;
    }

    /** The least time between two progress writes of one task (listeners see every one); 1 s. */
    public Builder progressWriteInterval(Duration d) {
      this.progressWrite = notNegative("progressWriteInterval", d);
      return this;
    }

    /** Purge finished tasks this long after they finished; default: keep them. */
    public Builder retention(Duration d) {
      this.retention = positive("retention", d);
      return this;
    }

    /** How long {@link TaskManager#close()} lets running tasks finish; default 10 s. */
    public Builder shutdownGrace(Duration d) {
      this.shutdownGrace = notNegative("shutdownGrace", d);
      return this;
    }

    /**
     * The largest arguments accepted, as JSON bytes in UTF-8; default 64 KiB. It bounds every
     * payload a store keeps for a task to run: a task's arguments, a configuration's values, and
     * a schedule entry's arguments (with a configuration: its values with the overrides put over
     * them). The other limits are the stores' column sizes and cannot be raised: names 200
     * characters, descriptions 4,000, links 2,000, user ids 200, cron expressions 200, progress
     * messages 1,000 (a longer one is cut with an ellipsis), start times up to the year 9999; text
     * holds no NUL.
     */
    public Builder maxArgumentBytes(int bytes) {
      unsealed(this);
      if (bytes < 64 || bytes > 16 * 1024 * 1024) {
        throw new InvalidInputException("maxArgumentBytes", "is " + bytes, "64 to 16777216");
      }
      this.maxArgumentBytes = bytes;
      return this;
    }

    /**
     * The largest result a handler may return, as JSON bytes in UTF-8; default 1 MiB. A larger
     * result (or one that cannot be written as JSON) fails the attempt with an error saying so.
     */
    public Builder maxResultBytes(int bytes) {
      unsealed(this);
      if (bytes < 64 || bytes > 256 * 1024 * 1024) {
        throw new InvalidInputException("maxResultBytes", "is " + bytes, "64 to 268435456");
      }
      this.maxResultBytes = bytes;
      return this;
    }

    /**
     * Extra attempts a task gets when its node dies while running it, beyond its retry policy;
     * default 2. After them it fails as lost.
     */
    public Builder lostLeaseRetries(int n) {
      unsealed(this);
      if (n < 0 || n > 100) {
        throw new InvalidInputException("lostLeaseRetries", "is " + n, "0 to 100");
      }
      this.lostLeaseRetries = n;
      return this;
    }

    /**
     * Builds and starts the manager (the executor starts claiming). A builder builds once: it is
     * sealed afterwards. When starting fails, what was started is released (the timer thread,
     * the executor, and the store, which the manager owns from here on) before the failure is
     * thrown.
     *
     * @throws InvalidInputException when no task type is registered, the heartbeat is not
     *     shorter than the lease, or the builder already built a manager
     */
    public TaskManager build() {
      unsealed(this);
      if (definitions.isEmpty()) {
        throw new InvalidInputException(
            "register", "no task type is registered", "at least one TaskDefinition");
      }
      if (heartbeat.compareTo(lease) >= 0) {
        throw new InvalidInputException(
            "heartbeatInterval",
            "is " + heartbeat + ", not shorter than the lease of " + lease,
            "a heartbeat shorter than the lease");
      }
      String node = nodeId != null ? nodeId : defaultNodeId();
      TaskStore s = store != null ? store : InMemoryTaskStore.create(clock);
      EngineConfig config = new EngineConfig(
          node,
          new StoreClock(s),
          lease,
          heartbeat,
          sweep,
          poll,
          scheduleCheck,
          progressWrite,
          retention,
          shutdownGrace,
          maxArgumentBytes,
          maxResultBytes,
          lostLeaseRetries);
      Engine engine = new Engine(config, s, executor, new Registry(definitions));
      LOG.info(
          "task manager on node {}: store {}, executor {}, types {}, lease {}, heartbeat {},"
              + " sweep {}, poll {}, retention {}",
          node,
          s.getClass().getSimpleName(),
          executor == null ? "none (submit only)" : executor.getClass().getSimpleName(),
          definitions.keySet(),
          lease,
          heartbeat,
          sweep,
          poll,
          retention == null ? "forever" : retention);
      built = true;
      try {
        engine.start();
      } catch (RuntimeException e) {
        try {
          engine.close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
      return new TaskManager(engine);
    }

    /** Refuses changes once the builder built a manager. */
    private <T> T unsealed(T value) {
      if (built) {
        throw new InvalidInputException(
            "builder", "already built a manager", "a new TaskManager.builder() for another one");
      }
      return value;
    }

    private Duration notNegative(String field, Duration d) {
      if (unsealed(d) == null || d.isNegative() || d.compareTo(LONGEST) > 0) {
        throw new InvalidInputException(field, "is " + d, "zero to 3650 days");
      }
      return d;
    }

    private Duration positive(String field, Duration d) {
      unsealed(d);
      if (d == null || d.isZero() || d.isNegative() || d.compareTo(LONGEST) > 0) {
        throw new InvalidInputException(field, "is " + d, "a positive duration up to 3650 days");
      }
      return d;
    }

    private static String defaultNodeId() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        host = "node";
      }
      return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
  }
}
