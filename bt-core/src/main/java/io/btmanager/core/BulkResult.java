package io.btmanager.core;

import io.btmanager.core.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The result of a call over one id, many ids or a query (rule 9): one {@link TaskResult} per task,
 * in the order the ids were given (or the query listed them).
 */
public record BulkResult(List<TaskResult> results) {
  public BulkResult {
    results = List.copyOf(results);
  }

  /** The outcome for {@code taskId}, empty when the call was not about it. */
  public Optional<TaskOutcome> outcomeOf(String taskId) {
    return results.stream()
        .filter(r -> r.taskId().equals(taskId))
        .map(TaskResult::outcome)
        .findFirst();
  }

  /** How many tasks had {@code outcome}. */
  public long count(TaskOutcome outcome) {
    return results.stream().filter(r -> r.outcome() == outcome).count();
  }

  /** The tasks that were found, in order. */
  public List<Task> tasks() {
    return results.stream().map(TaskResult::task).filter(t -> t != null).toList();
  }

  /** Outcome counts, for logs and summaries. */
  public Map<TaskOutcome, Long> summary() {
    return results.stream()
        .collect(Collectors.groupingBy(TaskResult::outcome, Collectors.counting()));
  }

  /** The single result of a call about one id. */
  public TaskResult single() {
    if (results.size() != 1) {
      throw new IllegalStateException("the call was about " + results.size() + " tasks, not one");
    }
    return results.get(0);
  }

  static BulkResult of(List<String> ids, Function<String, TaskResult> each) {
    return new BulkResult(ids.stream().map(each).toList());
  }
}
