package io.btmanager.core.task;

import java.net.URI;
import java.time.Instant;

/**
 * The fields a submission decides, the part {@link Task}, {@code StoredTask} and {@code NewTask}
 * share: their accessors, and in {@link Builder} the base of their builders, so each of these
 * fields is named, set and copied in one place.
 */
public interface TaskFields {
  /** The task's id. */
  String id();

  /** The task type's name. */
  String type();

  /** The human title. */
  String name();

  /** A longer text, may be empty. */
  String description();

  /** The arguments as canonical JSON. */
  String argumentsJson();

  /** The deduplication key: equal for duplicate tasks. */
  String dedupKey();

  /** The state. */
  TaskState state();

  /** The priority. */
  Priority priority();

  /** A related page, or null. */
  URI link();

  /** When it was submitted. */
  Instant createdAt();

  /** Attempts allowed in all. */
  int maxAttempts();

  /** When a SCHEDULED task becomes due, else null. */
  Instant nextAttemptAt();

  /** The configuration the arguments came from, or null. */
  String configurationId();

  /** The schedule entry that fired it, or null. */
  String scheduleEntryId();

  /**
   * Sets the fields of {@link TaskFields} by name, or copies them all {@link #from} a value. Not
   * thread-safe; a subclass's {@code build()} validates. Not designed for extension outside
   * bt-manager.
   *
   * @param <B> the builder the setters return
   */
  abstract class Builder<B extends Builder<B>> {
    protected String id;
    protected String type;
    protected String name;
    protected String description;
    protected String argumentsJson;
    protected String dedupKey;
    protected TaskState state;
    protected Priority priority;
    protected URI link;
    protected Instant createdAt;
    protected int maxAttempts;
    protected Instant nextAttemptAt;
    protected String configurationId;
    protected String scheduleEntryId;

    protected Builder() {}

    /** This builder, as its own type. */
    protected abstract B self();

    /** Sets every field of {@link TaskFields} to the value {@code t} has. */
    public final B from(TaskFields t) {
      id = t.id();
      type = t.type();
      name = t.name();
      description = t.description();
      argumentsJson = t.argumentsJson();
      dedupKey = t.dedupKey();
      state = t.state();
      priority = t.priority();
      link = t.link();
      createdAt = t.createdAt();
      maxAttempts = t.maxAttempts();
      nextAttemptAt = t.nextAttemptAt();
      configurationId = t.configurationId();
      scheduleEntryId = t.scheduleEntryId();
      return self();
    }

    /** Sets {@code id}. */
    public final B id(String value) {
      this.id = value;
      return self();
    }

    /** Sets {@code type}. */
    public final B type(String value) {
      this.type = value;
      return self();
    }

    /** Sets {@code name}. */
    public final B name(String value) {
      this.name = value;
      return self();
    }

    /** Sets {@code description}. */
    public final B description(String value) {
      this.description = value;
      return self();
    }

    /** Sets {@code argumentsJson}. */
    public final B argumentsJson(String value) {
      this.argumentsJson = value;
      return self();
    }

    /** Sets {@code dedupKey}. */
    public final B dedupKey(String value) {
      this.dedupKey = value;
      return self();
    }

    /** Sets {@code state}. */
    public final B state(TaskState value) {
      this.state = value;
      return self();
    }

    /** Sets {@code priority}. */
    public final B priority(Priority value) {
      this.priority = value;
      return self();
    }

    /** Sets {@code link}. */
    public final B link(URI value) {
      this.link = value;
      return self();
    }

    /** Sets {@code createdAt}. */
    public final B createdAt(Instant value) {
      this.createdAt = value;
      return self();
    }

    /** Sets {@code maxAttempts}. */
    public final B maxAttempts(int value) {
      this.maxAttempts = value;
      return self();
    }

    /** Sets {@code nextAttemptAt}. */
    public final B nextAttemptAt(Instant value) {
      this.nextAttemptAt = value;
      return self();
    }

    /** Sets {@code configurationId}. */
    public final B configurationId(String value) {
      this.configurationId = value;
      return self();
    }

    /** Sets {@code scheduleEntryId}. */
    public final B scheduleEntryId(String value) {
      this.scheduleEntryId = value;
      return self();
    }
  }
}
