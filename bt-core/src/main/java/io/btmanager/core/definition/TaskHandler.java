package io.btmanager.core.definition;

/**
 * The work of a task type. Called on a worker thread with the task's bound arguments; returns the
 * result, or throws to fail the attempt (the type's {@link RetryPolicy} decides whether it runs
 * again). It should honour cancellation: check {@link TaskContext#isCancelled()} in long loops, and
 * let {@link InterruptedException} propagate.
 */
@FunctionalInterface
public interface TaskHandler<A, R> {
  R run(TaskContext context, A arguments) throws Exception;
}
