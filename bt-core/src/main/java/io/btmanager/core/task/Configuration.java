package io.btmanager.core.task;

import java.time.Instant;
import java.util.Objects;

/**
 * A named, reusable set of argument values of one task type, owned by one user. A task or schedule
 * entry that names a configuration takes its arguments from it, plus overrides. A configuration in
 * use by an active task or a schedule entry cannot be deleted (rule 10).
 *
 * @param id its id
 * @param owner the user it belongs to
 * @param name a title a person gave it
 * @param type the task type its arguments are for
 * @param argumentsJson the argument values as canonical JSON
 * @param createdAt when it was saved first
 * @param updatedAt when it was last changed
 */
public record Configuration(
    String id,
    String owner,
    String name,
    String type,
    String argumentsJson,
    Instant createdAt,
    Instant updatedAt) {

  public Configuration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
