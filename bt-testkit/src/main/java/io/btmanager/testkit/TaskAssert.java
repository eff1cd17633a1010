package io.btmanager.testkit;

import io.btmanager.core.task.ErrorKind;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskError;
import io.btmanager.core.task.TaskState;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Task} snapshot; start with {@link BtAssertions#assertThat(Task)}. Each
 * failure names the task (id, type, state, attempt) and says what was expected and what was found.
 * A task is a snapshot: read it again ({@code view.get(id)}) after running or stopping it.
 *
 * <pre>{@code
 * assertThat(alice.get(id)).hasSucceeded().hasResultJson("\"done\"").hasAttempts(1);
 * assertThat(alice.get(id)).hasFailed().hasErrorKind(ErrorKind.IO).isRetryable();
 * }</pre>
 */
public final class TaskAssert extends AbstractAssert<TaskAssert, Task> {

  TaskAssert(Task actual) {
    super(actual, TaskAssert.class);
  }

  /** The task is PENDING: queued and eligible now. */
  public TaskAssert isPending() {
    return isInState(TaskState.PENDING);
  }

  /** The task is SCHEDULED: waiting for a start time or a retry backoff. */
  public TaskAssert isScheduled() {
    return isInState(TaskState.SCHEDULED);
  }

  /** The task is RUNNING. */
  public TaskAssert isRunning() {
    return isInState(TaskState.RUNNING);
  }

  /** The task SUCCEEDED. */
  public TaskAssert hasSucceeded() {
    return isInState(TaskState.SUCCEEDED);
  }

  /** The task FAILED (for good: no retry left). */
  public TaskAssert hasFailed() {
    return isInState(TaskState.FAILED);
  }

  /** The task was CANCELLED. */
  public TaskAssert wasCancelled() {
    return isInState(TaskState.CANCELLED);
  }

  /** The task is in {@code expected}. */
  public TaskAssert isInState(TaskState expected) {
    isNotNull();
    if (actual.state() != expected) {
      String why = actual.error() == null ? "" : " (error: " + actual.error().summary() + ")";
      failWithActualExpectedAndMessage(
          actual.state(),
          expected,
          "%nExpecting %s%nto be in state:%n  %s%nbut it is in state:%n  %s%s",
          describe(),
          expected,
          actual.state(),
          why);
    }
    return this;
  }

  /** The task's owners are exactly {@code users}, in any order. */
  public TaskAssert hasOwners(String... users) {
    isNotNull();
    Set<String> expected = new TreeSet<>(Arrays.asList(users));
    Set<String> owners = new TreeSet<>(actual.owners());
    if (!owners.equals(expected)) {
      failWithActualExpectedAndMessage(
          owners,
          expected,
          "%nExpecting %s%nto be owned by exactly:%n  %s%nbut its owners are:%n  %s",
          describe(),
          expected,
          owners);
    }
    return this;
  }

  /** {@code user} is one of the task's owners (there may be others). */
  public TaskAssert isOwnedBy(String user) {
    isNotNull();
    if (!actual.owners().contains(user)) {
      failWithMessage(
          "%nExpecting %s%nto be owned by:%n  %s%nbut its owners are:%n  %s",
          describe(), user, new TreeSet<>(actual.owners()));
    }
    return this;
  }

  /** The task has started {@code expected} attempts so far. */
  public TaskAssert hasAttempts(int expected) {
    isNotNull();
    if (actual.attempt() != expected) {
      failWithActualExpectedAndMessage(
          actual.attempt(),
          expected,
          "%nExpecting %s%nto have started %s attempt(s)%nbut it has started %s",
          describe(),
          expected,
          actual.attempt());
    }
    return this;
  }

  /**
   * The task is pending with {@code expected} runnable tasks ahead of it in the queue (0: it is
   * next).
   */
  public TaskAssert hasQueuePosition(long expected) {
    isNotNull();
    if (actual.queuePosition() != expected) {
      String found = actual.queuePosition() < 0
          ? "none (it is not pending)"
          : String.valueOf(actual.queuePosition());
      failWithActualExpectedAndMessage(
          actual.queuePosition(),
          expected,
          "%nExpecting %s%nto have queue position:%n  %s%nbut its queue position is:%n  %s",
          describe(),
          expected,
          found);
    }
    return this;
  }

  /** The task's progress is {@code done} of {@code total} (the message is not compared). */
  public TaskAssert hasProgress(long done, long total) {
    isNotNull();
    Progress p = actual.progress();
    if (p == null || p.done() != done || p.total() != total) {
      String found = p == null ? "none" : p.done() + "/" + p.total() + " \"" + p.message() + "\"";
      failWithActualExpectedAndMessage(
          p == null ? null : p.done() + "/" + p.total(),
          done + "/" + total,
          "%nExpecting %s%nto have progress:%n  %s/%s%nbut its progress is:%n" + "  %s",
          describe(),
          done,
          total,
          found);
    }
    return this;
  }

  /** The task has an error of kind {@code expected}. */
  public TaskAssert hasErrorKind(ErrorKind expected) {
    TaskError e = requireError("an error of kind " + expected);
    if (e.kind() != expected) {
      failWithActualExpectedAndMessage(
          e.kind(),
          expected,
          "%nExpecting %s%nto have an error of kind:%n  %s%nbut its error is of kind:%n  %s%n"
              + "(summary: %s)",
          describe(),
          expected,
          e.kind(),
          e.summary());
    }
    return this;
  }

  /** The task has an error whose summary contains {@code text}. */
  public TaskAssert hasErrorSummaryContaining(String text) {
    TaskError e = requireError("an error summary containing \"" + text + "\"");
    if (text == null || !e.summary().contains(text)) {
      failWithMessage(
          "%nExpecting %s%nto have an error summary containing:%n  \"%s\"%n"
              + "but its error summary is:%n  \"%s\"",
          describe(), text, e.summary());
    }
    return this;
  }

  /** The task has an error that says running it again may help. */
  public TaskAssert isRetryable() {
    TaskError e = requireError("a retryable error");
    if (!e.retryable()) {
      failWithMessage(
          "%nExpecting %s%nto have a retryable error%nbut its error (%s: %s) is not" + " retryable",
          describe(), e.kind(), e.summary());
    }
    return this;
  }

  /**
   * The task's result is exactly {@code json}, as the store keeps it: Jackson's compact form, so a
   * String result {@code done} is {@code "\"done\""}. Pass null for no result.
   */
  public TaskAssert hasResultJson(String json) {
    isNotNull();
    if (!Objects.equals(actual.resultJson(), json)) {
      failWithActualExpectedAndMessage(
          actual.resultJson(),
          json,
          "%nExpecting %s%nto have the result JSON:%n  %s%nbut its result JSON is:%n  %s",
          describe(),
          json,
          actual.resultJson());
    }
    return this;
  }

  private TaskError requireError(String wanted) {
    isNotNull();
    TaskError e = actual.error();
    if (e == null) {
      failWithMessage("%nExpecting %s%nto have %s%nbut it has no error", describe(), wanted);
    }
    return e;
  }

  private String describe() {
    return "task '" + actual.id() + "' (type '" + actual.type() + "', state " + actual.state()
        + ", attempt " + actual.attempt() + " of " + actual.maxAttempts() + ")";
  }
}
