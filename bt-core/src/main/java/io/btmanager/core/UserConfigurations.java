package io.btmanager.core;

import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.internal.Engine;
import io.btmanager.core.internal.Scope;
import io.btmanager.core.task.Configuration;
import java.util.List;

/**
 * One user's saved configurations: named argument sets of a task type, reused by submits and
 * schedule entries. One in use by an active task or a schedule entry cannot be deleted (rule 10).
 * From {@link AdminTasks#configurations()}: every user's configurations, which the admin view
 * reads, changes and deletes as their owners could, but cannot save (it owns none).
 */
public final class UserConfigurations {
  private final Engine engine;
  private final Scope scope;

  UserConfigurations(Engine engine, Scope scope) {
    this.engine = engine;
    this.scope = scope;
  }

  /** Saves {@code arguments} of {@code type} under {@code name}. */
  public <A> Configuration save(TaskDefinition<A, ?> type, String name, A arguments) {
    engine.registry().require(type);
    return engine
        .configurations()
        .save(scope, type.name(), SubmitOptions.checkName(name), json(arguments));
  }

  /**
   * Saves arguments given as JSON for the type named {@code type} under {@code name}.
   *
   * @throws io.btmanager.core.exception.UnknownTaskTypeException if no type of that name was
   *     registered
   * @throws io.btmanager.core.exception.InvalidArgumentsException if the JSON does not bind to the
   *     type's arguments (naming the field's JSON path)
   */
  public Configuration saveJson(String type, String name, String argumentsJson) {
    engine.registry().get(type);
    return engine
        .configurations()
        .save(scope, type, SubmitOptions.checkName(name), text(argumentsJson));
  }

  /** Replaces a configuration's values with arguments given as JSON. */
  public Configuration updateJson(String configurationId, String argumentsJson) {
    return engine.configurations().update(scope, configurationId, null, text(argumentsJson));
  }

  /**
   * Replaces a configuration's values with {@code arguments} of its type {@code type}.
   *
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if it is not the user's
   * @throws InvalidInputException if the configuration is of another type
   */
  public <A> Configuration update(TaskDefinition<A, ?> type, String configurationId, A arguments) {
    engine.registry().require(type);
    requireType(type, engine.configurations().find(scope, configurationId));
    return engine.configurations().update(scope, configurationId, null, json(arguments));
  }

  static void requireType(TaskDefinition<?, ?> type, Configuration c) {
    if (!c.type().equals(type.name())) {
      throw new InvalidInputException(
          "type",
          "is '" + type.name() + "', but configuration '" + c.id() + "' is of type '" + c.type()
              + "'",
          "the configuration's own type '" + c.type() + "'");
    }
  }

  /** Renames a configuration. */
  public Configuration rename(String configurationId, String name) {
    return engine
        .configurations()
        .update(scope, configurationId, SubmitOptions.checkName(name), null);
  }

  /**
   * @throws io.btmanager.core.exception.ConfigurationNotFoundException if it is not the user's
   */
  public Configuration get(String configurationId) {
    return engine.configurations().find(scope, configurationId);
  }

  /** The user's configurations, oldest first. */
  public List<Configuration> list() {
    return engine.configurations().list(scope);
  }

  /**
   * @throws io.btmanager.core.exception.ConfigurationInUseException if an active task or a
   *     schedule entry uses it; nothing is deleted
   */
  public void delete(String configurationId) {
    engine.configurations().delete(scope, configurationId);
  }

  /** Deletes every configuration of the user that nothing uses; returns their ids. */
  public List<String> deleteUnused() {
    return engine.configurations().deleteUnused(scope);
  }

  private String text(String argumentsJson) {
    if (argumentsJson == null) {
      throw new InvalidInputException("arguments", "is null", "the task type's argument values");
    }
    return argumentsJson;
  }

  private String json(Object arguments) {
    if (arguments == null) {
      throw new InvalidInputException("arguments", "is null", "the task type's argument values");
    }
    return engine.json().canonical(arguments);
  }
}
