package io.btmanager.core.spi;

import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskFields;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A task to insert, validated and prepared by the core: arguments bound and canonicalised, dedup
 * key computed, state decided (PENDING, or SCHEDULED with {@code nextAttemptAt} for a later start).
 *
 * @param id the id to give a new task (unused when the submit joins an existing one)
 * @param type task type name
 * @param name human title
 * @param description longer text, may be empty
 * @param argumentsJson canonical JSON of the arguments
 * @param dedupKey the deduplication key
 * @param priority the priority
 * @param owner the submitting user
 * @param link a related page, or null
 * @param state PENDING or SCHEDULED
 * @param nextAttemptAt the start time when SCHEDULED, else null
 * @param maxAttempts attempts allowed, at least 1
 * @param configurationId the configuration the arguments came from, or null
 * @param scheduleEntryId the schedule entry that fired it, or null
 * @param createdAt submission time
 */
public record NewTask(
    String id,
    String type,
    String name,
    String description,
    String argumentsJson,
    String dedupKey,
    Priority priority,
    String owner,
    URI link,
    TaskState state,
    Instant nextAttemptAt,
    int maxAttempts,
    String configurationId,
    String scheduleEntryId,
    Instant createdAt)
    implements TaskFields {

  public NewTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    if (state != TaskState.PENDING && state != TaskState.SCHEDULED) {
      throw new IllegalArgumentException("a new task is PENDING or SCHEDULED, not " + state);
    }
    if ((state == TaskState.SCHEDULED) != (nextAttemptAt != null)) {
      throw new IllegalArgumentException(
          "nextAttemptAt is set exactly when the state is SCHEDULED");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** A builder with every field unset; {@link Builder#build} validates as the constructor does. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this value's fields, to change some and build a copy. */
  public Builder toBuilder() {
    return new Builder().from(this).owner(owner);
  }

  /** Builds a {@link NewTask} by field name, so a new field breaks no caller. Not thread-safe. */
  public static final class Builder extends TaskFields.Builder<Builder> {
    private String owner;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder owner(String value) {
      this.owner = value;
      return this;
    }

    public NewTask build() {
      return new NewTask(
          id,
          type,
          name,
          description,
          argumentsJson,
          dedupKey,
          priority,
          owner,
          link,
          state,
          nextAttemptAt,
          maxAttempts,
          configurationId,
          scheduleEntryId,
          createdAt);
    }
  }
}
