package io.btmanager.testkit;

import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the {@link BulkResult} of a get, stop, delete or recreate; start with {@link
 * BtAssertions#assertThat(BulkResult)}. Each failure lists every task's outcome.
 *
 * <pre>{@code
 * assertThat(alice.stop(TaskQuery.mine())).allHaveOutcome(TaskOutcome.CANCELLED);
 * assertThat(bob.delete(List.of(a, b))).hasOutcome(a, TaskOutcome.DETACHED)
 *     .hasCount(TaskOutcome.DELETED, 1);
 * }</pre>
 */
public final class BulkResultAssert extends AbstractAssert<BulkResultAssert, BulkResult> {

  BulkResultAssert(BulkResult actual) {
    super(actual, BulkResultAssert.class);
  }

  /** The call was about {@code taskId}, and its outcome for it is {@code expected}. */
  public BulkResultAssert hasOutcome(String taskId, TaskOutcome expected) {
    isNotNull();
    Optional<TaskOutcome> found = actual.outcomeOf(taskId);
    if (found.isEmpty()) {
      failWithMessage(
          "%nExpecting the outcome for task '%s' to be:%n  %s%nbut the call was not"
              + " about that task; its outcomes are:%n  %s",
          taskId, expected, outcomes());
    } else if (found.get() != expected) {
      failWithActualExpectedAndMessage(
          found.get(),
          expected,
          "%nExpecting the outcome for task '%s' to be:%n  %s%nbut it was:%n  %s%n"
              + "(all outcomes: %s)",
          taskId,
          expected,
          found.get(),
          outcomes());
    }
    return this;
  }

  /** The call was about at least one task, and every one had {@code expected}. */
  public BulkResultAssert allHaveOutcome(TaskOutcome expected) {
    isNotNull();
    if (actual.results().isEmpty()) {
      failWithMessage(
          "%nExpecting every outcome to be:%n  %s%nbut the call was about no task at" + " all",
          expected);
    }
    String others = actual.results().stream()
        .filter(r -> r.outcome() != expected)
        .map(BulkResultAssert::line)
        .collect(Collectors.joining(", "));
    if (!others.isEmpty()) {
      failWithMessage(
          "%nExpecting every outcome to be:%n  %s%nbut these were not:%n  %s%n"
              + "(all outcomes: %s)",
          expected, others, outcomes());
    }
    return this;
  }

  /** Exactly {@code expected} tasks had {@code outcome}. */
  public BulkResultAssert hasCount(TaskOutcome outcome, long expected) {
    isNotNull();
    long count = actual.count(outcome);
    if (count != expected) {
      failWithActualExpectedAndMessage(
          count,
          expected,
          "%nExpecting %s task(s) with outcome %s%nbut there were %s%n(all outcomes: %s)",
          expected,
          outcome,
          count,
          outcomes());
    }
    return this;
  }

  private String outcomes() {
    return actual.results().isEmpty()
        ? "none"
        : actual.results().stream().map(BulkResultAssert::line).collect(Collectors.joining(", "));
  }

  private static String line(TaskResult r) {
    return "'" + r.taskId() + "' " + r.outcome();
  }
}
