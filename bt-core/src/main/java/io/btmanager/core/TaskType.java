package io.btmanager.core;

import io.btmanager.core.task.Priority;
import java.time.Duration;
import java.util.Objects;

/**
 * A registered task type as a client sees it: enough to draw a form for its arguments and to say
 * what a submit will do. See {@link TaskManager#types()}.
 *
 * @param name the type's name, as a submit by name takes it
 * @param defaultPriority the priority of a submit that names none
 * @param maxAttempts attempts allowed in all (1 without retries)
 * @param timeout the longest an attempt may run, or null for no limit
 * @param argumentsSchema a JSON Schema (draft 2020-12) of the arguments, as JSON text: the fields
 *     {@link UserTasks#submitJson} binds, primitive fields required, no other fields accepted
 */
public record TaskType(
    String name,
    Priority defaultPriority,
    int maxAttempts,
    Duration timeout,
    String argumentsSchema) {

  public TaskType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultPriority, "defaultPriority");
    Objects.requireNonNull(argumentsSchema, "argumentsSchema");
  }
}
