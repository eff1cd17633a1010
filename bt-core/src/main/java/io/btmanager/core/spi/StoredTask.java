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
 * @param version bumped by the store on every write; {@link TaskStore#replace} compares it
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
    return new StoredTask(
        n.id(),
        seq,
        version,
        n.type(),
        n.name(),
        n.description(),
        n.argumentsJson(),
        n.dedupKey(),
        n.state(),
        n.priority(),
        Set.of(n.owner()),
        n.link(),
        Progress.NONE,
        n.createdAt(),
        null,
        null,
        null,
        null,
        0,
        n.maxAttempts(),
        n.nextAttemptAt(),
        n.configurationId(),
        n.scheduleEntryId(),
        null,
        null,
        null,
        false);
  }

  /** A copy with the version a store assigns on write. */
  public StoredTask withVersion(long newVersion) {
    Copy c = new Copy(this);
    c.version = newVersion;
    return c.build();
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
    Copy c = new Copy(this);
    c.owners = newOwners;
    return c.build();
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
    Copy c = new Copy(this);
    c.name = newName;
    c.description = newDescription;
    c.link = newLink;
    c.priority = newPriority;
    return c.build();
  }

  /** A copy whose owner asked it to stop. */
  public StoredTask withCancelRequested() {
    Copy c = new Copy(this);
    c.cancelRequested = true;
    return c.build();
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
    Copy c = new Copy(this);
    c.state = newState;
    c.attempt = newAttempt;
    c.nextAttemptAt = newNextAttemptAt;
    c.finishedAt = newFinishedAt;
    c.error = newError;
    c.leaseOwner = null;
    c.leaseToken = null;
    c.leaseExpiresAt = null;
    c.cancelRequested = false;
    return c.build();
  }

  /** The fields of a task being copied: the {@code with*} methods change some, then build. */
  private static final class Copy {
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

    Copy(StoredTask t) {
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

    StoredTask build() {
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
