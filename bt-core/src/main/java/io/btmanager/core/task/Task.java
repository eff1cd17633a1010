package io.btmanager.core.task;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A task as its owners see it: one requested run of a task type with its arguments, a snapshot
 * taken when it was read. {@code queuePosition}, {@code eta} and {@code groupSize} are derived on
 * read.
 *
 * @param id the task's id: a UUID of version 7, so ids made later sort after earlier ones; its
 *     first characters are the time it was made, so a shortened id for display is its end
 * @param type the task type's name
 * @param name the human title
 * @param description a longer text, may be empty
 * @param argumentsJson the arguments as canonical JSON
 * @param dedupKey type + canonical arguments, hashed: equal for duplicate tasks
 * @param state the state
 * @param priority the priority
 * @param owners the users this task belongs to
 * @param link the page that relates to or started the task, or null
 * @param progress how far it has come
 * @param createdAt when it was first submitted
 * @param startedAt when its latest attempt started, or null
 * @param finishedAt when it finished, or null
 * @param resultJson the result as JSON when it succeeded, else null
 * @param error why it failed, else null
 * @param attempt attempts started so far
 * @param maxAttempts attempts allowed in all
 * @param nextAttemptAt when a SCHEDULED task becomes eligible, else null
 * @param configurationId the configuration the arguments came from, or null
 * @param scheduleEntryId the schedule entry that fired it, or null
 * @param queuePosition runnable tasks that will be claimed before it, or -1 when it is not pending
 *     (or was not counted: the task a submit returns, see {@code Submitted})
 * @param eta when it is expected to finish, or null when unknown
 * @param groupSize in a collapsed listing, the runs in its duplicate group (else 1)
 */
public record Task(
    String id,
    String type,
    String name,
    String description,
    String argumentsJson,
    String dedupKey,
    TaskState state,
    Priority priority,
    Set<String> owners,
    URI link,
    Progress progress,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String resultJson,
    TaskError error,
    int attempt,
    int maxAttempts,
    Instant nextAttemptAt,
    String configurationId,
    String scheduleEntryId,
    long queuePosition,
    Instant eta,
    int groupSize)
    implements TaskLifeFields {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    owners = Set.copyOf(owners);
  }

  /**
   * The queue position while the task is pending, else empty (also for the task a submit returns:
   * a submit does not count the queue).
   */
  public OptionalLong position() {
    return queuePosition < 0 ? OptionalLong.empty() : OptionalLong.of(queuePosition);
  }

  /** The estimated time of completion, when one can be given. */
  public Optional<Instant> estimatedCompletion() {
    return Optional.ofNullable(eta);
  }

  /** The error, when the task failed. */
  public Optional<TaskError> failure() {
    return Optional.ofNullable(error);
  }

  /** True while the task is PENDING, SCHEDULED or RUNNING. */
  public boolean isActive() {
    return state.isActive();
  }

  /** True when more than one user owns the task. */
  public boolean isShared() {
    return owners.size() > 1;
  }

  /** A builder with every field unset; {@link Builder#build} validates as the constructor does. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this value's fields, to change some and build a copy. */
  public Builder toBuilder() {
    return new Builder().from(this).queuePosition(queuePosition).eta(eta).groupSize(groupSize);
  }

  /**
   * Builds a {@link Task} by field name, so a new field breaks no caller. Not thread-safe. The
   * queue position defaults to -1 (not counted) and the group size to 1.
   */
  public static final class Builder extends TaskLifeFields.Builder<Builder> {
    private long queuePosition = -1;
    private Instant eta;
    private int groupSize = 1;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    public Builder queuePosition(long value) {
      this.queuePosition = value;
      return this;
    }

    public Builder eta(Instant value) {
      this.eta = value;
      return this;
    }

    public Builder groupSize(int value) {
      this.groupSize = value;
      return this;
    }

    public Task build() {
      return new Task(
          id,
          type,
          name,
          description,
          argumentsJson,
          dedupKey,
          state,
          priority,
          owners,
          link,
          progress,
          createdAt,
          startedAt,
          finishedAt,
          resultJson,
          error,
          attempt,
          maxAttempts,
          nextAttemptAt,
          configurationId,
          scheduleEntryId,
          queuePosition,
          eta,
          groupSize);
    }
  }
}
