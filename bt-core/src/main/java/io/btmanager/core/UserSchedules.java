package io.btmanager.core;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.internal.Engine;
import io.btmanager.core.internal.Scope;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One user's schedule entries: tasks fired every N seconds or on a cron expression. Every firing is
 * a normal submit in the user's name, so an identical active task is joined, not doubled. From
 * {@link AdminTasks#schedules()}: every user's entries, which the admin view edits, enables,
 * disables and deletes as their owners could, but cannot create (it owns none).
 */
public final class UserSchedules {
  private final Engine engine;
  private final Scope scope;

  UserSchedules(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  /**
   * Fires {@code type} with {@code arguments} on {@code schedule}.
   *
   * @throws io.btmanager.core.exception.InvalidScheduleException for a malformed cron expression
   */
  public <A> ScheduleEntry create(
      TaskDefinition<A, ?> type,
      A arguments,
      Schedule schedule,
      Consumer<ScheduleOptions> options) {
    engine.registry().require(type);
    if (arguments == null) {
      throw new InvalidInputException("arguments", "is null", "the task type's argument values");
    }
    return create(
        type.name(), null, options(options), engine.json().canonical(arguments), schedule);
  }

  /**
   * Fires the type named {@code type} with arguments given as JSON on {@code schedule}.
   *
   * @throws io.btmanager.core.exception.UnknownTaskTypeException if no type of that name was
   *     registered
   * @throws io.btmanager.core.exception.InvalidArgumentsException if the JSON does not bind
   * @throws io.btmanager.core.exception.InvalidScheduleException for a malformed cron expression
   */
  public ScheduleEntry createJson(
      String type, String argumentsJson, Schedule schedule, Consumer<ScheduleOptions> options) {
    engine.registry().get(type);
    if (argumentsJson == null) {
      throw new InvalidInputException("arguments", "is null", "the task type's argument values");
    }
    return create(
        type,
        null,
        options(options),
        engine.json().canonicalText(argumentsJson, "arguments"),
        schedule);
  }

  /** Fires the type of a saved configuration with its values and {@code overrides}. */
  public ScheduleEntry createFromConfiguration(
      String configurationId,
      Map<String, ?> overrides,
      Schedule schedule,
      Consumer<ScheduleOptions> options) {
    var c = engine.configurations().find(scope, configurationId);
    return create(
        c.type(),
        configurationId,
        options(options),
        engine.json().fromMap(overrides == null ? Map.of() : overrides),
        schedule);
  }

  /** Evaluated in the callers' argument order: options, then arguments, then the schedule. */
  private ScheduleEntry create(
      String type,
      String configurationId,
      ScheduleOptions o,
      String argumentsJson,
      Schedule schedule) {
    return engine
        .scheduler()
        .create(
            scope,
            type,
            o.name,
            configurationId,
            argumentsJson,
            o.priority,
            require(schedule),
            o.missedFirePolicy);
  }

  /**
   * Edits an entry: its name, priority, arguments or configuration, schedule and missed-fire
   * policy; what is not set stays. Checked whole before anything is written: the arguments (or the
   * configuration's values with the overrides) must bind to the entry's type and fit the payload
   * limit, and a configuration must be the user's and of the entry's type.
   *
   * @throws io.btmanager.core.exception.ScheduleEntryNotFoundException if it is not the user's
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if the configuration is not
   *     the user's
   * @throws io.btmanager.core.exception.InvalidArgumentsException if the arguments do not bind
   */
  public ScheduleEntry edit(String entryId, Consumer<ScheduleEdit> changes) {
    if (changes == null) {
      throw new InvalidInputException(
          "changes", "is null", "a Consumer<ScheduleEdit>, e.g. e -> e.name(\"Nightly\")");
    }
    ScheduleEntry e = get(entryId);
    ScheduleEdit x = new ScheduleEdit();
    changes.accept(x);
    String configurationId = e.configurationId();
    String arguments = e.argumentsJson();
    if (x.argumentsSet) {
      configurationId = null;
      arguments = engine
          .json()
          .canonicalArguments(x.arguments, engine.registry().get(e.type()).argumentType());
    } else if (x.configurationId != null) {
      var c = engine
          .configurations()
          .find(scope.isAdmin() ? Scope.of(e.owner()) : scope, x.configurationId);
      if (!c.type().equals(e.type())) {
        throw new InvalidInputException(
            "configurationId",
            "is a configuration of type '" + c.type() + "'",
            "a configuration of the entry's type '" + e.type() + "'");
      }
      configurationId = c.id();
      arguments = engine.json().fromMap(x.overrides);
    }
    Schedule schedule = x.schedule == null ? e.schedule() : x.schedule;
    ScheduleEntry changed = new ScheduleEntry(
        e.id(),
        e.owner(),
        x.name == null ? e.name() : x.name,
        e.type(),
        configurationId,
        arguments,
        x.priority == null ? e.priority() : x.priority,
        schedule,
        x.missedFirePolicy == null ? e.missedFirePolicy() : x.missedFirePolicy,
        e.enabled(),
        e.nextFireAt(),
        e.lastFiredAt(),
        e.createdAt());
    return engine.scheduler().update(scope, changed, x.schedule != null);
  }

  /** Gives an entry a new schedule; its next occurrence is counted from now. */
  public ScheduleEntry reschedule(String entryId, Schedule schedule) {
    ScheduleEntry e = get(entryId);
    return engine.scheduler().update(scope, copy(e, require(schedule), e.enabled()), true);
  }

  /** Starts firing again; missed occurrences follow the entry's missed-fire policy. */
  public ScheduleEntry enable(String entryId) {
    ScheduleEntry e = get(entryId);
    return engine.scheduler().update(scope, copy(e, e.schedule(), true), false);
  }

  /** Stops firing until enabled again. */
  public ScheduleEntry disable(String entryId) {
    ScheduleEntry e = get(entryId);
    return engine.scheduler().update(scope, copy(e, e.schedule(), false), false);
  }

  /**
   * @throws io.btmanager.core.exception.ScheduleEntryNotFoundException if it is not the user's
   */
  public ScheduleEntry get(String entryId) {
    return engine.scheduler().find(scope, entryId);
  }

  /** The user's entries, oldest first. */
  public List<ScheduleEntry> list() {
    return engine.scheduler().list(scope);
  }

  /**
   * @throws io.btmanager.core.exception.ScheduleEntryNotFoundException if it is not the user's
   */
  public void delete(String entryId) {
    engine.scheduler().delete(scope, entryId);
  }

  /** Deletes every entry of the user; returns how many. */
  public int deleteAll() {
    int n = 0;
    for (ScheduleEntry e : list()) {
      if (engine.scheduler().delete(scope, e.id())) {
        n++;
      }
    }
    return n;
  }

  private static ScheduleEntry copy(ScheduleEntry e, Schedule s, boolean enabled) {
    return new ScheduleEntry(
        e.id(),
        e.owner(),
        e.name(),
        e.type(),
        e.configurationId(),
        e.argumentsJson(),
        e.priority(),
        s,
        e.missedFirePolicy(),
        enabled,
        e.nextFireAt(),
        e.lastFiredAt(),
        e.createdAt());
  }

  private static ScheduleOptions options(Consumer<ScheduleOptions> options) {
    ScheduleOptions o = new ScheduleOptions();
    if (options != null) {
      options.accept(o);
    }
    return o;
  }

  private static Schedule require(Schedule s) {
    if (s == null) {
      throw new InvalidInputException(
          "schedule", "is null", "Schedule.everySeconds(n) or Schedule.cron(expression, zone)");
    }
    return s;
  }
}
