package io.btmanager.core.internal;

import io.btmanager.core.TaskType;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.UnknownTaskTypeException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The task types registered at build time, by name. Immutable. */
public final class Registry {
  private final Map<String, TaskDefinition<?, ?>> byName;
  private final ArgumentSchemas schemas = new ArgumentSchemas();
  private final Set<String> runnable;

  public Registry(Map<String, TaskDefinition<?, ?>> byName) {
    this.byName = Map.copyOf(byName);
    Set<String> withHandler = new TreeSet<>();
    byName.forEach((name, d) -> {
      if (d.hasHandler()) {
        withHandler.add(name);
      }
    });
    this.runnable = Set.copyOf(withHandler);
  }

  /**
   * @throws UnknownTaskTypeException when no type of that name was registered
   */
  public TaskDefinition<?, ?> get(String name) {
    TaskDefinition<?, ?> d = byName.get(name);
    if (d == null) {
      throw new UnknownTaskTypeException(name, byName.keySet());
    }
    return d;
  }

  /** The registered definition, checking that {@code definition} is the one registered. */
  @SuppressWarnings("unchecked")
  public <A, R> TaskDefinition<A, R> require(TaskDefinition<A, R> definition) {
    if (definition == null) {
      throw new InvalidInputException(
          "type", "is null", "one of the registered task types " + new TreeSet<>(byName.keySet()));
    }
    TaskDefinition<?, ?> d = get(definition.name());
    if (d != definition) {
      throw new UnknownTaskTypeException(
          definition.name() + " (a different definition of that name)", byName.keySet());
    }
    return (TaskDefinition<A, R>) d;
  }

  public TaskDefinition<?, ?> find(String name) {
    return byName.get(name);
  }

  /** Every registered type with its arguments' JSON Schema, by name. */
  public List<TaskType> types() {
    return byName.values().stream()
        .sorted(Comparator.comparing(TaskDefinition::name))
        .map(d -> new TaskType(
            d.name(),
            d.defaultPriority(),
            d.retry().maxAttempts(),
            d.timeout(),
            schemas.of(d.argumentType())))
        .toList();
  }

  public Set<String> names() {
    return byName.keySet();
  }

  /** The types this node runs (registered with a handler): the only ones it claims. */
  public Set<String> runnable() {
    return runnable;
  }
}
