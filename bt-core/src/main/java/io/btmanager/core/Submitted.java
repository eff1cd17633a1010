package io.btmanager.core;

import io.btmanager.core.task.Task;

/**
 * What a submit returned: the task (new, or the active duplicate that was joined) once the store
 * has committed it (to stable storage, in a store that declares {@link
 * io.btmanager.core.spi.StoreCapabilities#survivesRestart()}).
 *
 * <p>A submit does not count the queue: its task has no {@linkplain Task#position() queue position}
 * and an ETA from its progress alone, so that a submit costs the same whatever the queue holds.
 * Read the task ({@code get(id)}) for its position and ETA.
 *
 * @param task the task as stored after the submit, without queue position
 * @param joined true when an identical active task already existed and the caller became one of
 *     its owners instead of creating a new one (rule 2)
 * @param <R> the task type's result class
 */
public record Submitted<R>(Task task, boolean joined) {

  /** The task's id. */
  public String id() {
    return task.id();
  }
}
