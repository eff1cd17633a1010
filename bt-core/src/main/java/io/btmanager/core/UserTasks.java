package io.btmanager.core;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.event.Subscription;
import io.btmanager.core.event.TaskListener;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.internal.Engine;
import io.btmanager.core.internal.Scope;
import io.btmanager.core.internal.SubmitSpec;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Task;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One user's view of the manager (rule 1): submits in the user's name and sees, changes, stops and
 * deletes only tasks that list the user as an owner. A task that is not the user's behaves exactly
 * like one that does not exist. Thread-safe; cheap to create.
 *
 * <p>Stop on a shared task detaches the user and leaves it running for its other owners; the sole
 * owner's stop cancels it. Delete removes the user's ownership; the task is cancelled and purged
 * only when its last owner leaves (rule 3).
 */
public final class UserTasks extends TasksView {

  UserTasks(Engine engine, Scope scope) {
    super(engine, scope);
  }

  /** The user this view acts for. */
  public String user() {
    return scope.user();
  }

  /** {@link #submit(TaskDefinition, Object, Consumer)} with default options. */
  public <A, R> Submitted<R> submit(TaskDefinition<A, R> type, A arguments) {
    return submit(type, arguments, o -> {});
  }

  /**
   * Submits a task, or joins an identical active one (rule 2: same type and canonical arguments,
   * anyone's), and returns once the store has committed it (to stable storage, in a store that
   * declares {@link io.btmanager.core.spi.StoreCapabilities#survivesRestart()}).
   *
   * @throws io.btmanager.core.exception.UnknownTaskTypeException if the type was not registered
   * @throws io.btmanager.core.exception.PayloadTooLargeException if the arguments are too large
   * @throws io.btmanager.core.exception.StoreUnavailableException if the store is down (nothing
   *     was written; retry)
   */
  public <A, R> Submitted<R> submit(
      TaskDefinition<A, R> type, A arguments, Consumer<SubmitOptions> options) {
    return engine.submissions().submit(scope, type, arguments, spec(options));
  }

  /**
   * Submits many tasks of one type with the same options in one call; results in order. Each is
   * deduplicated on its own.
   */
  public <A, R> List<Submitted<R>> submitAll(
      TaskDefinition<A, R> type, List<A> arguments, Consumer<SubmitOptions> options) {
    if (arguments == null || arguments.isEmpty()) {
      throw new InvalidInputException("arguments", "is empty", "one or more arguments");
    }
    return engine.submissions().submitAll(scope, type, arguments, spec(options));
  }

  /**
   * Submits a task of the type named {@code type} with arguments given as JSON (a web form, a
   * client of another language), or joins an identical active one, exactly as the typed {@link
   * #submit(TaskDefinition, Object, Consumer)} would: the JSON is bound to the type's argument
   * class and the bound value is what is stored and deduplicated.
   *
   * @throws io.btmanager.core.exception.UnknownTaskTypeException if no type of that name was
   *     registered
   * @throws io.btmanager.core.exception.InvalidArgumentsException if the JSON is malformed or does
   *     not bind; its {@code field()} is the JSON path of the field (e.g. {@code $.size.width})
   * @throws io.btmanager.core.exception.PayloadTooLargeException if the arguments are too large
   */
  public Submitted<Object> submitJson(
      String type, String argumentsJson, Consumer<SubmitOptions> options) {
    return engine.submissions().submitByName(scope, type, argumentsJson, spec(options));
  }

  /**
   * Submits a task of {@code type} with a saved configuration's values, and {@code overrides} put
   * over them (top-level fields); typed like {@link UserConfigurations#save}.
   *
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if it is not the user's
   * @throws InvalidInputException if the configuration is of another type
   * @throws io.btmanager.core.exception.InvalidArgumentsException if the merged values do not bind
   *     or an override cannot be written as JSON (with its field path)
   */
  @SuppressWarnings("unchecked")
  public <A, R> Submitted<R> submitFromConfiguration(
      TaskDefinition<A, R> type,
      String configurationId,
      Map<String, ?> overrides,
      Consumer<SubmitOptions> options) {
    engine.registry().require(type);
    var c = engine.configurations().find(scope, configurationId);
    UserConfigurations.requireType(type, c);
    String json = engine.json().fromMap(overrides == null ? Map.of() : overrides);
    return (Submitted<R>) engine
        .submissions()
        .submitFromConfiguration(scope, configurationId, json, spec(options), null);
  }

  /**
   * Submits a task of a saved configuration's own type with its values and {@code overrides}, for
   * callers without the type's class (JSON clients); the typed call above is the one for Java.
   *
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if it is not the user's
   * @throws io.btmanager.core.exception.InvalidArgumentsException if the merged values do not bind
   *     or an override cannot be written as JSON (with its field path)
   */
  public Submitted<Object> submitFromConfiguration(
      String configurationId, Map<String, ?> overrides, Consumer<SubmitOptions> options) {
    String json = engine.json().fromMap(overrides == null ? Map.of() : overrides);
    return engine
        .submissions()
        .submitFromConfiguration(scope, configurationId, json, spec(options), null);
  }

  /**
   * Changes the name, description or link of one of the user's tasks, or the priority while it
   * waits (it moves in the queue).
   *
   * @throws io.btmanager.core.exception.TaskNotFoundException if it is not the user's
   * @throws io.btmanager.core.exception.IllegalTaskStateException for a priority once it started
   */
  public Task edit(String taskId, Consumer<TaskEdit> changes) {
    if (changes == null) {
      throw new InvalidInputException(
          "changes", "is null", "a Consumer<TaskEdit>, e.g. e -> e.name(\"New\")");
    }
    TaskEdit e = new TaskEdit();
    changes.accept(e);
    var t = engine
        .rules()
        .edit(
            scope,
            single(taskId),
            e.name,
            e.description,
            e.linkSet ? Optional.ofNullable(e.link) : null,
            e.priority);
    return engine.views().view(t);
  }

  /**
   * Runs a finished task again (rule 4) from its own stored type and arguments; an identical active
   * task is joined, not doubled. When its configuration was deleted since, the new task has none.
   * Answers CREATED or JOINED with the new task, NOT_FINISHED, NOT_FOUND, or INVALID when its
   * arguments no longer bind to its type.
   */
  public TaskResult recreate(String taskId) {
    return engine.rules().recreate(scope, single(taskId));
  }

  /** Recreates each of these tasks. */
  public BulkResult recreate(Collection<String> taskIds) {
    return each(ids(taskIds), id -> engine.rules().recreate(scope, id));
  }

  /** Recreates every task of the user matching {@code query}. */
  public BulkResult recreate(TaskQuery query) {
    return recreate(engine.reads().ids(scope, require(query)));
  }

  /** The result of a succeeded task, bound to {@code resultType}; empty until it succeeded. */
  public <R> Optional<R> result(String taskId, Class<R> resultType) {
    if (resultType == null) {
      throw new InvalidInputException(
          "resultType", "is null", "the task type's result class, e.g. type.resultType()");
    }
    return Optional.ofNullable(engine.reads().result(scope, single(taskId), resultType));
  }

  /** The user's saved configurations. */
  public UserConfigurations configurations() {
    return new UserConfigurations(engine, scope);
  }

  /** The user's schedule entries. */
  public UserSchedules schedules() {
    return new UserSchedules(engine, scope);
  }

  /**
   * Subscribes to the events of the user's tasks: created, joined, started, progress, retry
   * scheduled, succeeded, failed, cancelled, detached, updated, deleted — in order per task, on a
   * delivery thread of the listener's own.
   */
  public Subscription subscribe(TaskListener listener) {
    if (listener == null) {
      throw new InvalidInputException("listener", "is null", "a TaskListener");
    }
    return engine.events().subscribe(scope.user(), listener);
  }

  private static SubmitSpec spec(Consumer<SubmitOptions> options) {
    SubmitOptions o = new SubmitOptions();
    if (options != null) {
      options.accept(o);
    }
    return new SubmitSpec(o.name, o.description, o.priority, o.link, o.startAt);
  }
}
