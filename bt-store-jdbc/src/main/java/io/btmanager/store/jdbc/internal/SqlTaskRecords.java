package io.btmanager.store.jdbc.internal;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.spi.TaskRecords;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.TaskError;
import java.sql.Connection;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The task records on SQL, each call one transaction (or, for submits inside {@link
 * #inTransaction}, the host's): submits ({@link Submits}), reads ({@link TaskReads}, {@link
 * QueuePositions}) and the named changes ({@link TaskWrites}).
 */
public final class SqlTaskRecords implements TaskRecords {
  private final Jdbi jdbi;
  private final Submits submits;
  private final QueuePositions queue;
  private final Supplier<Instant> clock;
  private final ThreadLocal<Handle> hostTransaction = new ThreadLocal<>();

  public SqlTaskRecords(Jdbi jdbi, Dialect dialect, Submits submits, Supplier<Instant> clock) {
    this.jdbi = jdbi;
    this.submits = submits;
    this.queue = new QueuePositions(dialect);
    this.clock = clock;
  }

  @Override
  public SubmitResult submit(NewTask task) {
    return submitAll(List.of(task)).get(0);
  }

  @Override
  public List<SubmitResult> submitAll(List<NewTask> tasks) {
    Handle host = hostTransaction.get();
    if (host != null) {
      return Guard.call("store the task", () -> submits.submitIn(host, tasks));
    }
    return Guard.call("store the task", () -> submits.submit(jdbi, tasks));
  }

  /** Runs {@code work} with this thread's submits in the host's transaction on {@code connection}. */
  public <T> T inTransaction(Connection connection, Supplier<T> work) {
    if (connection == null || work == null) {
      throw new InvalidInputException(
          connection == null ? "connection" : "work",
          "is null",
          connection == null ? "the host's open JDBC connection" : "the submits to make in it");
    }
    if (hostTransaction.get() != null) {
      throw new IllegalStateException("already inside inTransaction on this thread");
    }
    Handle h = Jdbi.create(new HostConnection(connection)).open();
    hostTransaction.set(h);
    try {
      return work.get();
    } finally {
      hostTransaction.remove();
      h.close();
    }
  }

  /** Hands JDBI the host's connection and never closes it: the host owns it. */
  private record HostConnection(Connection connection) implements ConnectionFactory {
    @Override
    public Connection openConnection() {
      return connection;
    }

    @Override
    public void closeConnection(Connection toClose) {}
  }

  @Override
  public Optional<StoredTask> find(String id) {
    return Guard.withHandle(jdbi, "read a task", h -> TaskReads.find(h, id));
  }

  @Override
  public List<StoredTask> findAll(Collection<String> ids) {
    return Guard.withHandle(
        jdbi, "read tasks", h -> List.copyOf(TaskReads.load(h, ids).values()));
  }

  @Override
  public StorePage query(String owner, TaskQuery query) {
    return Guard.inTransaction(jdbi, "list tasks", h -> TaskReads.query(h, owner, query));
  }

  @Override
  public OptionalLong queuePosition(String id) {
    return Guard.withHandle(jdbi, "count the queue", h -> queue.of(h, id, clock.get()));
  }

  /** One statement for the whole batch. */
  @Override
  public Map<String, Long> queuePositions(Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Instant now = clock.get();
    return Guard.withHandle(jdbi, "count the queue", h -> queue.of(h, ids, now));
  }

  @Override
  public List<Execution> executions(String taskId) {
    return Guard.withHandle(jdbi, "read executions", h -> TaskReads.executions(h, taskId));
  }

  @Override
  public boolean detachOwner(String id, long version, String owner) {
    return Guard.inTransaction(
        jdbi, "detach an owner", h -> TaskWrites.detachOwner(h, id, version, owner));
  }

  @Override
  public boolean requestCancel(String id, long version) {
    return Guard.withHandle(
        jdbi, "request a cancel", h -> TaskWrites.requestCancel(h, id, version));
  }

  @Override
  public boolean cancelWaiting(String id, long version, TaskError error) {
    Instant now = clock.get();
    return Guard.withHandle(
        jdbi, "cancel a task", h -> TaskWrites.cancelWaiting(h, id, version, error, now));
  }

  @Override
  public boolean editDetails(DetailsEdit edit) {
    return Guard.withHandle(jdbi, "edit a task", h -> TaskWrites.editDetails(h, edit));
  }

  @Override
  public boolean delete(String id, long version) {
    return Guard.inTransaction(jdbi, "delete a task", h -> TaskWrites.delete(h, id, version));
  }

  @Override
  public int purgeFinishedBefore(Instant cutoff, int max) {
    return Guard.inTransaction(
        jdbi, "purge old tasks", h -> TaskWrites.purgeFinishedBefore(h, cutoff, max));
  }
}
