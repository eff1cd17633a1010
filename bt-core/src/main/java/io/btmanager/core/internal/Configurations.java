package io.btmanager.core.internal;

import io.btmanager.core.exception.ConfigurationInUseException;
import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.ConfigurationDeletion;
import io.btmanager.core.task.Configuration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Saved argument sets (rule 10: one in use by an active task or a schedule entry is kept). */
public final class Configurations {
  private final Engine engine;

  Configurations(Engine engine) {
    this.engine = engine;
  }

  /** Saves a new configuration of {@code type}; the arguments must bind to the type. */
  public Configuration save(Scope scope, String type, String name, String argumentsJson) {
    refuseAdmin(scope, "configurations");
    var def = engine.registry().get(type);
    String canonical = check(def, argumentsJson);
    Instant now = engine.config().clock().instant();
    Configuration c = new Configuration(
        DedupKeys.newOrderedId(), scope.user(), name, def.name(), canonical, now, now);
    engine.store().insertConfiguration(c);
    return c;
  }

  /** Changes a configuration's name and values. */
  public Configuration update(Scope scope, String id, String name, String argumentsJson) {
    Configuration old = find(scope, id);
    String canonical = argumentsJson == null
        ? old.argumentsJson()
        : check(engine.registry().get(old.type()), argumentsJson);
    Configuration c = new Configuration(
        id,
        old.owner(),
        name == null ? old.name() : name,
        old.type(),
        canonical,
        old.createdAt(),
        engine.config().clock().instant());
    if (!engine.store().updateConfiguration(c)) {
      throw new ConfigurationNotFoundException(id);
    }
    return c;
  }

  public Configuration find(Scope scope, String id) {
    requireId(id);
    return engine
        .store()
        .findConfiguration(id)
        .filter(c -> scope.sees(c.owner()))
        .orElseThrow(() -> new ConfigurationNotFoundException(id));
  }

  public List<Configuration> list(Scope scope) {
    return engine.store().configurations(scope.user());
  }

  /**
   * @throws ConfigurationInUseException when an active task or a schedule entry uses it
   */
  public void delete(Scope scope, String id) {
    find(scope, id);
    switch (engine.store().deleteConfiguration(id)) {
      case IN_USE -> throw new ConfigurationInUseException(id);
      case NOT_FOUND -> throw new ConfigurationNotFoundException(id);
      case DELETED -> {}
    }
  }

  /** Deletes every configuration of the caller that nothing uses; returns the ids deleted. */
  public List<String> deleteUnused(Scope scope) {
    List<String> deleted = new ArrayList<>();
    for (Configuration c : list(scope)) {
      if (engine.store().deleteConfiguration(c.id()) == ConfigurationDeletion.DELETED) {
        deleted.add(c.id());
      }
    }
    return deleted;
  }

  /** The admin view sees and changes every user's items, but owns none: it cannot create any. */
  static void refuseAdmin(Scope scope, String what) {
    if (scope.isAdmin()) {
      throw new InvalidInputException(
          "user",
          "the admin view cannot own " + what,
          "creating them through manager.forUser(user)");
    }
  }

  /**
   * @throws InvalidInputException when {@code id} is null, never a store's NullPointerException
   */
  static void requireId(String id) {
    if (id == null) {
      throw new InvalidInputException(
          "configurationId", "is null", "a configuration id as returned by save");
    }
  }

  private String check(io.btmanager.core.definition.TaskDefinition<?, ?> def, String json) {
    String canonical = engine.json().canonicalText(json, "arguments");
    Limits.payload("arguments", canonical, engine.config().maxArgumentBytes());
    engine.json().bind(canonical, def.argumentType());
    return canonical;
  }
}
