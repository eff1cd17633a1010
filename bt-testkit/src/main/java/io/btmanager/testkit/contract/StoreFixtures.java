package io.btmanager.testkit.contract;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.StorePage;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.ScheduleEntry;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Values and helpers shared by the contract suites of this package. */
final class StoreFixtures {

  static final String TYPE = "contract-type";
  static final String OTHER_TYPE = "contract-other-type";
  /** A lease long enough never to expire during a test. */
  static final Duration LONG_LEASE = Duration.ofMinutes(10);
  /** A lease short enough to expire within a test. */
  static final Duration SHORT_LEASE = Duration.ofMillis(50);
  /** The bound of every wait in the suites. */
  static final Duration WAIT = Duration.ofSeconds(30);

  static final TaskError IO_ERROR = new TaskError(
      ErrorKind.IO,
      "The disk was full.",
      "Free some space and run the task again.",
      true,
      "java.io.IOException: No space left");
  static final TaskError CANCELLED_ERROR = new TaskError(
      ErrorKind.CANCELLED,
      "The task was stopped.",
      "Run it again if you still need it.",
      true,
      "stopped by owner");

  private StoreFixtures() {}

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The same content (type, arguments, dedup key) submitted again by {@code owner}, new id. */
  static NewTask duplicateOf(NewTask t, String owner) {
    return t.toBuilder().id(newId()).owner(owner).build();
  }

  /** A recipe for a {@link NewTask}: unique id, arguments and dedup key unless set otherwise. */
  static final class TaskSpec {
    private String id = newId();
    private String type = TYPE;
    private String name = "contract task";
    private String description = "";
    private String argumentsJson;
    private String dedupKey;
    private Priority priority = Priority.MEDIUM;
    private String owner = "alice";
    private URI link;
    private TaskState state = TaskState.PENDING;
    private Instant nextAttemptAt;
    private int maxAttempts = 3;
    private String configurationId;
    private String scheduleEntryId;
    private Instant createdAt;

    TaskSpec(Instant createdAt) {
      String n = newId();
      this.argumentsJson = "{\"n\":\"" + n + "\"}";
      this.dedupKey = "dedup-" + n;
      this.createdAt = createdAt;
    }

    TaskSpec id(String v) {
      id = v;
      return this;
    }

    TaskSpec type(String v) {
      type = v;
      return this;
    }

    TaskSpec name(String v) {
      name = v;
      return this;
    }

    TaskSpec description(String v) {
      description = v;
      return this;
    }

    TaskSpec arguments(String json) {
      argumentsJson = json;
      return this;
    }

    TaskSpec dedupKey(String v) {
      dedupKey = v;
      return this;
    }

    TaskSpec priority(Priority v) {
      priority = v;
      return this;
    }

    TaskSpec owner(String v) {
      owner = v;
      return this;
    }

    TaskSpec link(URI v) {
      link = v;
      return this;
    }

    /** SCHEDULED, due at {@code at}. */
    TaskSpec scheduledAt(Instant at) {
      state = TaskState.SCHEDULED;
      nextAttemptAt = at;
      return this;
    }

    TaskSpec maxAttempts(int v) {
      maxAttempts = v;
      return this;
    }

    TaskSpec configuration(String v) {
      configurationId = v;
      return this;
    }

    TaskSpec scheduleEntry(String v) {
      scheduleEntryId = v;
      return this;
    }

    TaskSpec createdAt(Instant v) {
      createdAt = v;
      return this;
    }

    NewTask build() {
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

  static List<String> ids(List<StoredTask> tasks) {
    return tasks.stream().map(StoredTask::id).collect(Collectors.toList());
  }

  static List<String> idsOf(StorePage page) {
    return ids(page.tasks());
  }

  static TaskQuery ascending() {
    return TaskQuery.mine().sortBy(TaskSort.CREATED_AT, false);
  }

  static NewTask withCreatedAt(NewTask t, Instant createdAt) {
    return t.toBuilder().createdAt(createdAt).build();
  }

  static ScheduleEntry withConfiguration(ScheduleEntry e, String configurationId) {
    return e.toBuilder().configurationId(configurationId).build();
  }
}
