package io.btmanager.core.task;

import java.time.Instant;
import java.util.Set;

/**
 * The fields a submission decides plus those a task gathers while it lives (owners, progress,
 * times, result, error, attempts): the part {@link Task} and {@code StoredTask} share, their
 * accessors, and in {@link Builder} the base of their builders.
 */
public interface TaskLifeFields extends TaskFields {
  /** The users it belongs to. */
  Set<String> owners();

  /** How far it has come. */
  Progress progress();

  /** When its latest attempt started, or null. */
  Instant startedAt();

  /** When it finished, or null. */
  Instant finishedAt();

  /** The result as JSON when it succeeded, else null. */
  String resultJson();

  /** Why it failed, else null. */
  TaskError error();

  /** Attempts started so far. */
  int attempt();

  /**
   * Sets the fields of {@link TaskLifeFields} by name, or copies them all {@link #from} a value.
   * Not thread-safe; a subclass's {@code build()} validates. Not designed for extension outside
   * bt-manager.
   *
   * @param <B> the builder the setters return
   */
  abstract class Builder<B extends Builder<B>> extends TaskFields.Builder<B> {
    protected Set<String> owners;
    protected Progress progress;
    protected Instant startedAt;
    protected Instant finishedAt;
    protected String resultJson;
    protected TaskError error;
    protected int attempt;

    protected Builder() {}

    /** Sets every field of {@link TaskLifeFields} to the value {@code t} has. */
    public final B from(TaskLifeFields t) {
      from((TaskFields) t);
      owners = t.owners();
      progress = t.progress();
      startedAt = t.startedAt();
      finishedAt = t.finishedAt();
      resultJson = t.resultJson();
      error = t.error();
      attempt = t.attempt();
      return self();
    }

    /** Sets {@code owners}. */
    public final B owners(Set<String> value) {
      this.owners = value;
      return self();
    }

    /** Sets {@code progress}. */
    public final B progress(Progress value) {
      this.progress = value;
      return self();
    }

    /** Sets {@code startedAt}. */
    public final B startedAt(Instant value) {
      this.startedAt = value;
      return self();
    }

    /** Sets {@code finishedAt}. */
    public final B finishedAt(Instant value) {
      this.finishedAt = value;
      return self();
    }

    /** Sets {@code resultJson}. */
    public final B resultJson(String value) {
      this.resultJson = value;
      return self();
    }

    /** Sets {@code error}. */
    public final B error(TaskError value) {
      this.error = value;
      return self();
    }

    /** Sets {@code attempt}. */
    public final B attempt(int value) {
      this.attempt = value;
      return self();
    }
  }
}
