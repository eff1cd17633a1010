package io.btmanager.core.internal;

import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.IllegalTaskStateException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.TaskManagerException;
import io.btmanager.core.exception.TaskNotFoundException;
import io.btmanager.core.spi.DetailsEdit;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.TaskState;
import java.net.URI;
import java.util.Optional;

/**
 * Rules 1, 3 and 4 — what stop, delete, recreate and edit do to one task — decided here and written
 * by the store's named operations, each guarded by the version read; re-read and re-decided when
 * another writer got there first.
 */
public final class OwnerRules {
  private static final int MAX_RACES = 1_000;
  private final Engine engine;

  OwnerRules(Engine engine) {
    this.engine = engine;
  }

  /**
   * Stop (rule 3): a shared task is left running for its other owners (the caller detaches); the
   * sole owner's stop cancels it — at once when waiting, through its node when running. The admin
   * scope cancels regardless of owners.
   */
  public TaskResult stop(Scope scope, String id) {
    for (int race = 0; race < MAX_RACES; race++) {
      StoredTask t = visible(scope, id);
      if (t == null) {
        return notFound(id);
      }
      if (t.state().isFinished()) {
        return result(scope, id, TaskOutcome.ALREADY_FINISHED);
      }
      if (!scope.isAdmin() && t.owners().size() > 1) {
        if (engine.store().detachOwner(id, t.version(), scope.user())) {
          engine.publishCurrent(TaskEventKind.DETACHED, id, scope.user());
          return new TaskResult(id, TaskOutcome.DETACHED, null);
        }
        continue;
      }
      if (t.state() == TaskState.RUNNING) {
        if (t.cancelRequested() || engine.store().requestCancel(id, t.version())) {
          engine.stopLocally(id, false);
          return result(scope, id, TaskOutcome.CANCEL_REQUESTED);
        }
        continue;
      }
      Transitions.check(t.state(), TaskState.CANCELLED);
      if (engine.store().cancelWaiting(id, t.version(), Advising.cancelled())) {
        engine.publishCurrent(TaskEventKind.CANCELLED, id);
        return result(scope, id, TaskOutcome.CANCELLED);
      }
    }
    throw contended(id);
  }

  /**
   * Delete (rule 3): removes the caller's ownership; the task is cancelled (if active) and purged
   * only when its last owner leaves. The admin scope purges regardless of owners.
   */
  public TaskResult delete(Scope scope, String id) {
    for (int race = 0; race < MAX_RACES; race++) {
      StoredTask t = visible(scope, id);
      if (t == null) {
        return notFound(id);
      }
      if (!scope.isAdmin() && t.owners().size() > 1) {
        if (engine.store().detachOwner(id, t.version(), scope.user())) {
          engine.publishCurrent(TaskEventKind.DETACHED, id, scope.user());
          return new TaskResult(id, TaskOutcome.DETACHED, null);
        }
        continue;
      }
      if (engine.store().delete(id, t.version())) {
        engine.stopLocally(id, true);
        engine.publish(TaskEventKind.DELETED, t, t.progress(), null);
        return new TaskResult(id, TaskOutcome.DELETED, null);
      }
    }
    throw contended(id);
  }

  /**
   * Recreate (rule 4): runs a finished task again with the same type, arguments and details; an
   * active duplicate is joined rather than doubled (rule 2). The arguments are the task's own
   * stored ones; a configuration deleted since (rule 10 allows it once no active task uses it) is
   * not named by the new task. Stored arguments that no longer bind answer INVALID for this id.
   */
  public TaskResult recreate(Scope scope, String id) {
    StoredTask t = visible(scope, id);
    if (t == null) {
      return notFound(id);
    }
    if (t.state().isActive()) {
      return result(scope, id, TaskOutcome.NOT_FINISHED);
    }
    var spec = new SubmitSpec(t.name(), t.description(), t.priority(), t.link(), null);
    String configuration = t.configurationId();
    for (int race = 0; race < MAX_RACES; race++) {
      if (configuration != null
          && engine.store().findConfiguration(configuration).isEmpty()) {
        configuration = null;
      }
      try {
        var submitted = engine
            .submissions()
            .submitJson(scope, t.type(), t.argumentsJson(), spec, configuration);
        return new TaskResult(
            id, submitted.joined() ? TaskOutcome.JOINED : TaskOutcome.CREATED, submitted.task());
      } catch (ConfigurationNotFoundException deletedMeanwhile) {
        configuration = null;
      } catch (InvalidInputException noLongerAccepted) {
        return result(scope, id, TaskOutcome.INVALID);
      }
    }
    throw contended(id);
  }

  /**
   * Edits name, description and link of any of the caller's tasks, and the priority of a waiting
   * one (it moves in the queue).
   *
   * @throws TaskNotFoundException when the task is not the caller's
   * @throws IllegalTaskStateException for a new priority once the task started
   */
  public StoredTask edit(
      Scope scope,
      String id,
      String name,
      String description,
      Optional<URI> link,
      Priority priority) {
    for (int race = 0; race < MAX_RACES; race++) {
      StoredTask t = visible(scope, id);
      if (t == null) {
        throw new TaskNotFoundException(id);
      }
      if (priority != null && priority != t.priority() && !t.state().isWaiting()) {
        throw new IllegalTaskStateException(
            id, t.state(), "its priority can change only while it waits (PENDING or SCHEDULED)");
      }
      DetailsEdit edit = new DetailsEdit(
          id,
          t.version(),
          name == null ? t.name() : name,
          description == null ? t.description() : description,
          link == null ? t.link() : link.orElse(null),
          priority == null ? t.priority() : priority);
      if (engine.store().editDetails(edit)) {
        engine.publishCurrent(TaskEventKind.UPDATED, id);
        StoredTask updated =
            t.withDetails(edit.name(), edit.description(), edit.link(), edit.priority());
        return engine.store().find(id).orElse(updated);
      }
    }
    throw contended(id);
  }

  private StoredTask visible(Scope scope, String id) {
    if (id == null) {
      return null;
    }
    StoredTask t = engine.store().find(id).orElse(null);
    return scope.sees(t) ? t : null;
  }

  private TaskResult result(Scope scope, String id, TaskOutcome outcome) {
    StoredTask now = visible(scope, id);
    return new TaskResult(id, outcome, now == null ? null : engine.views().view(now));
  }

  private static TaskResult notFound(String id) {
    return new TaskResult(id, TaskOutcome.NOT_FOUND, null);
  }

  private static TaskManagerException contended(String id) {
    return new TaskManagerException(
        "task '" + id + "' changed " + MAX_RACES + " times while being updated; try again");
  }
}
