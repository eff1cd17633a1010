package io.btmanager.core.spi;

import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskLifeFields;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A task as a store holds it: the public fields plus the bookkeeping the engine needs ({@code seq},
 * {@code version}, the lease). Immutable; {@code with*} methods return a changed copy (the store
 * assigns {@code version} on write, so copies keep the version they were read with).
 *
 * @param id the task's id
 * @param seq the submission order, assigned by the store, increasing
 * @param version bumped by the store on every write; the guarded {@link TaskRecords} changes compare it
 * @param type task type name
 * @param name human title
 * @param description longer text, may be empty
 * @param argumentsJson canonical JSON of the arguments
 * @param dedupKey the deduplication key (rule 2)
 * @param state the state
 * @param priority the priority
 * @param owners the owning users, never empty while the task exists
 * @param link a related page, or null
 * @param progress progress as last written
 * @param createdAt submission time
 * @param startedAt start of the latest attempt, or null
 * @param finishedAt when finished, or null
 * @param resultJson result JSON, or null
 * @param error error, or null
 * @param attempt attempts claimed so far
 * @param maxAttempts attempts allowed
 * @param nextAttemptAt when a SCHEDULED task becomes due, else null
 * @param configurationId configuration used, or null
 * @param scheduleEntryId schedule entry that fired it, or null
 * @param leaseOwner the node holding the lease while RUNNING, else null
 * @param leaseToken the lease token while RUNNING, else null; worker writes must present it
 * @param leaseExpiresAt lease expiry (store clock) while RUNNING, else null
 * @param cancelRequested an owner asked a RUNNING task to stop; its node cancels it at the next
 *     heartbeat
 */
public record StoredTask(
    String id,
    long seq,
    long version,
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
    String leaseOwner,
    String leaseToken,
    Instant leaseExpiresAt,
    boolean cancelRequested)
    implements TaskLifeFields {

  public StoredTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(createdAt, "createdAt");
    owners = Set.copyOf(owners);
  }

  /**
   * The row a store inserts for a new task: attempt 0, no progress, no lease; {@code seq} and
   * {@code version} as the store assigns them.
   */
  public static StoredTask created(NewTask n, long seq, long version) {
    return builder()
        .from(n)
        .seq(seq)
        .version(version)
        .owners(Set.of(n.owner()))
        .progress(Progress.NONE)
        .build();
  }

  /** A copy with the version a store assigns on write. */
  public StoredTask withVersion(long newVersion) {
    return toBuilder().version(newVersion).build();
  }

  /** The active dedup key: {@link #dedupKey()} while the task is active, null once finished. */
  public String activeDedupKey() {
    return state.isActive() ? dedupKey : null;
  }

  /** True when the task is eligible to be claimed at {@code now}. */
  public boolean isRunnableAt(Instant now) {
    return state == TaskState.PENDING
        || (state == TaskState.SCHEDULED && nextAttemptAt != null && !nextAttemptAt.isAfter(now));
  }

  /** A copy owned by {@code newOwners}. */
  public StoredTask withOwners(Set<String> newOwners) {
    return toBuilder().owners(newOwners).build();
  }

  /** A copy with {@code owner} added. */
  public StoredTask withOwner(String owner) {
    Set<String> s = new HashSet<>(owners);
    s.add(owner);
    return withOwners(s);
  }

  /** A copy with {@code owner} removed. */
  public StoredTask withoutOwner(String owner) {
    Set<String> s = new HashSet<>(owners);
    s.remove(owner);
    return withOwners(s);
  }

  /** A copy with the fields an owner may edit changed. */
  public StoredTask withDetails(
      String newName, String newDescription, URI newLink, Priority newPriority) {
    return toBuilder()
        .name(newName)
        .description(newDescription)
        .link(newLink)
        .priority(newPriority)
        .build();
  }

  /** A copy whose owner asked it to stop. */
  public StoredTask withCancelRequested() {
    return toBuilder().cancelRequested(true).build();
  }

  /**
   * A copy in a new state with the lease cleared, e.g. a waiting task cancelled, or an expired
   * lease returned to the queue.
   */
  public StoredTask withState(
      TaskState newState,
      int newAttempt,
      Instant newNextAttemptAt,
      Instant newFinishedAt,
      TaskError newError) {
    return toBuilder()
        .state(newState)
        .attempt(newAttempt)
        .nextAttemptAt(newNextAttemptAt)
        .finishedAt(newFinishedAt)
        .error(newError)
        .leaseOwner(null)
        .leaseToken(null)
        .leaseExpiresAt(null)
        .cancelRequested(false)
        .build();
  }

  /** A builder with every field unset (nulls, zeros, false); {@link Builder#build} validates. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this task's fields, to change some and build a copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Builds a {@link StoredTask} by field name, so a store that reads a row or a hash names each
   * field it sets and a new field breaks none. Not thread-safe; {@link #build} checks the
   * required fields.
   */
  public static final class Builder extends TaskLifeFields.Builder<Builder> {
    private long seq;
    private long version;
    private String leaseOwner;
    private String leaseToken;
    private Instant leaseExpiresAt;
    private boolean cancelRequested;

    private Builder() {}

    private Builder(StoredTask t) {
      from(t)
          .seq(t.seq)
          .version(t.version)
          .leaseOwner(t.leaseOwner)
          .leaseToken(t.leaseToken)
          .leaseExpiresAt(t.leaseExpiresAt)
          .cancelRequested(t.cancelRequested);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder seq(long value) {
      this.seq = value;
      return this;
    }

    public Builder version(long value) {
      this.version = value;
      return this;
    }

    public Builder leaseOwner(String value) {
      this.leaseOwner = value;
      return this;
    }

    public Builder leaseToken(String value) {
      this.leaseToken = value;
      return this;
    }

    public Builder leaseExpiresAt(Instant value) {
      this.leaseExpiresAt = value;
      return this;
    }

    public Builder cancelRequested(boolean value) {
      this.cancelRequested = value;
      return this;
    }

    /** The task; throws NullPointerException naming a missing required field. */
    public StoredTask build() {
      return new StoredTask(
          id,
          seq,
          version,
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
          leaseOwner,
          leaseToken,
          leaseExpiresAt,
          cancelRequested);
    }
  }
}
