package io.btmanager.core.spi;

import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.TaskError;
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
    boolean cancelRequested) {

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
        .id(n.id())
        .seq(seq)
        .version(version)
        .type(n.type())
        .name(n.name())
        .description(n.description())
        .argumentsJson(n.argumentsJson())
        .dedupKey(n.dedupKey())
        .state(n.state())
        .priority(n.priority())
        .owners(Set.of(n.owner()))
        .link(n.link())
        .progress(Progress.NONE)
        .createdAt(n.createdAt())
        .maxAttempts(n.maxAttempts())
        .nextAttemptAt(n.nextAttemptAt())
        .configurationId(n.configurationId())
        .scheduleEntryId(n.scheduleEntryId())
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
  public static final class Builder {
    private String id;
    private long seq;
    private long version;
    private String type;
    private String name;
    private String description;
    private String argumentsJson;
    private String dedupKey;
    private TaskState state;
    private Priority priority;
    private Set<String> owners;
    private URI link;
    private Progress progress;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;
    private String resultJson;
    private TaskError error;
    private int attempt;
    private int maxAttempts;
    private Instant nextAttemptAt;
    private String configurationId;
    private String scheduleEntryId;
    private String leaseOwner;
    private String leaseToken;
    private Instant leaseExpiresAt;
    private boolean cancelRequested;

    private Builder() {}

    private Builder(StoredTask t) {
      id = t.id;
      seq = t.seq;
      version = t.version;
      type = t.type;
      name = t.name;
      description = t.description;
      argumentsJson = t.argumentsJson;
      dedupKey = t.dedupKey;
      state = t.state;
      priority = t.priority;
      owners = t.owners;
      link = t.link;
      progress = t.progress;
      createdAt = t.createdAt;
      startedAt = t.startedAt;
      finishedAt = t.finishedAt;
      resultJson = t.resultJson;
      error = t.error;
      attempt = t.attempt;
      maxAttempts = t.maxAttempts;
      nextAttemptAt = t.nextAttemptAt;
      configurationId = t.configurationId;
      scheduleEntryId = t.scheduleEntryId;
      leaseOwner = t.leaseOwner;
      leaseToken = t.leaseToken;
      leaseExpiresAt = t.leaseExpiresAt;
      cancelRequested = t.cancelRequested;
    }

    public Builder id(String value) {
      this.id = value;
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

    public Builder type(String value) {
      this.type = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    public Builder argumentsJson(String value) {
      this.argumentsJson = value;
      return this;
    }

    public Builder dedupKey(String value) {
      this.dedupKey = value;
      return this;
    }

    public Builder state(TaskState value) {
      this.state = value;
      return this;
    }

    public Builder priority(Priority value) {
      this.priority = value;
      return this;
    }

    public Builder owners(Set<String> value) {
      this.owners = value;
      return this;
    }

    public Builder link(URI value) {
      this.link = value;
      return this;
    }

    public Builder progress(Progress value) {
      this.progress = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    public Builder startedAt(Instant value) {
      this.startedAt = value;
      return this;
    }

    public Builder finishedAt(Instant value) {
      this.finishedAt = value;
      return this;
    }

    public Builder resultJson(String value) {
      this.resultJson = value;
      return this;
    }

    public Builder error(TaskError value) {
      this.error = value;
      return this;
    }

    public Builder attempt(int value) {
      this.attempt = value;
      return this;
    }

    public Builder maxAttempts(int value) {
      this.maxAttempts = value;
      return this;
    }

    public Builder nextAttemptAt(Instant value) {
      this.nextAttemptAt = value;
      return this;
    }

    public Builder configurationId(String value) {
      this.configurationId = value;
      return this;
    }

    public Builder scheduleEntryId(String value) {
      this.scheduleEntryId = value;
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
