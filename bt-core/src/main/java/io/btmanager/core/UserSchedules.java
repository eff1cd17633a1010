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
 * a normal submit in the user's name, so an identical active task is joined, not doubled.
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
    ScheduleOptions o = options(options);
    return engine
        .scheduler()
        .create(
            scope,
            type.name(),
            o.name,
            null,
            engine.json().canonical(arguments),
            o.priority,
            require(schedule),
            o.missedFirePolicy);
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
    ScheduleOptions o = options(options);
    return engine
        .scheduler()
        .create(
            scope,
            type,
            o.name,
            null,
            engine.json().canonicalText(argumentsJson, "arguments"),
            o.priority,
            require(schedule),
            o.missedFirePolicy);
  }

  /** Fires the type of a saved configuration with its values and {@code overrides}. */
  public ScheduleEntry createFromConfiguration(
      String configurationId,
      Map<String, ?> overrides,
      Schedule schedule,
      Consumer<ScheduleOptions> options) {
    var c = engine.configurations().find(scope, configurationId);
    ScheduleOptions o = options(options);
    return engine
        .scheduler()
        .create(
            scope,
            c.type(),
            o.name,
            configurationId,
            engine.json().fromMap(overrides == null ? Map.of() : overrides),
            o.priority,
            require(schedule),
            o.missedFirePolicy);
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
