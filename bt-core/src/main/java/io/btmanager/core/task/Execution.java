package io.btmanager.core.task;

import java.time.Instant;
import java.util.Objects;

/**
 * The record of one attempt of a task. Every attempt is kept for as long as its task.
 *
 * @param taskId the task
 * @param attempt the attempt number, from 1
 * @param configurationId the configuration the arguments came from, or null
 * @param node the node that ran the attempt
 * @param startedAt when the attempt was claimed
 * @param finishedAt when it ended
 * @param outcome how it ended
 * @param resultJson the result as JSON when it succeeded, else null
 * @param error why it failed, else null
 */
public record Execution(
    String taskId,
    int attempt,
    String configurationId,
    String node,
    Instant startedAt,
    Instant finishedAt,
    ExecutionOutcome outcome,
    String resultJson,
    TaskError error) {

  public Execution {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(outcome, "outcome");
  }
}
