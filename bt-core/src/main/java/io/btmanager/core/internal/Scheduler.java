package io.btmanager.core.internal;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.exception.ScheduleEntryNotFoundException;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.spi.OccurrenceFired;
import io.btmanager.core.task.MissedFirePolicy;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedule entries: creating, editing, and firing them. Each occurrence fires on exactly one node —
 * the one whose {@code fireOccurrence} finds the entry's next fire time unchanged — and its task is
 * prepared by the normal submit path, so an occurrence that comes while the previous run is active
 * joins it.
 *
 * <p>Missed occurrences (no node ran, or the entry was disabled): with {@link
 * MissedFirePolicy#FIRE_ONCE} the entry fires once for all of them; with {@link
 * MissedFirePolicy#SKIP} it fires only if just one occurrence is due (it is merely late), and
 * otherwise moves on to the next occurrence in the future.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final int BATCH = 100;
  private final Engine engine;

  Scheduler(Engine engine) {
    this.engine = engine;
  }

  /** Creates an entry; its first occurrence is the first one after now. */
  public ScheduleEntry create(
      Scope scope,
      String type,
      String name,
      String configurationId,
      String argumentsJson,
      Priority priority,
      Schedule schedule,
      MissedFirePolicy policy) {
    Configurations.refuseAdmin(scope, "schedule entries");
    var def = engine.registry().get(type);
    Schedules.validate(schedule);
    checkArguments(scope, def, configurationId, argumentsJson);
    Instant now = engine.config().clock().instant();
    ScheduleEntry e = new ScheduleEntry(
        DedupKeys.newOrderedId(),
        scope.user(),
        name == null ? type : name,
        type,
        configurationId,
        argumentsJson,
        priority == null ? def.defaultPriority() : priority,
        schedule,
        policy,
        true,
        Schedules.nextAfter(schedule, now),
        null,
        now);
    engine.store().insertScheduleEntry(e);
    return e;
  }

  /** Replaces an entry's schedule, name, priority, arguments or enabled flag. */
  public ScheduleEntry update(Scope scope, ScheduleEntry changed, boolean rescheduled) {
    ScheduleEntry old = find(scope, changed.id());
    Schedules.validate(changed.schedule());
    checkArguments(
        Scope.of(old.owner()), // the admin view edits an entry as its owner would
        engine.registry().get(old.type()),
        changed.configurationId(),
        changed.argumentsJson());
    Instant now = engine.config().clock().instant();
    ScheduleEntry e =
        rescheduled ? withNext(changed, Schedules.nextAfter(changed.schedule(), now)) : changed;
    if (!engine.store().updateScheduleEntry(e)) {
      throw new ScheduleEntryNotFoundException(changed.id());
    }
    return e;
  }

  public ScheduleEntry find(Scope scope, String id) {
    if (id == null) {
      throw new InvalidInputException(
          "entryId", "is null", "a schedule entry id as returned by create");
    }
    return engine
        .store()
        .findScheduleEntry(id)
        .filter(e -> scope.sees(e.owner()))
        .orElseThrow(() -> new ScheduleEntryNotFoundException(id));
  }

  public List<ScheduleEntry> list(Scope scope) {
    return engine.store().scheduleEntries(scope.user());
  }

  public boolean delete(Scope scope, String id) {
    find(scope, id);
    return engine.store().deleteScheduleEntry(id);
  }

  /**
   * Fires every due entry of the types this node knows once: each occurrence advances its entry and
   * submits its task in one atomic store operation, so an occurrence that cannot be submitted now
   * (the store is down, the node dies) stays due and fires later, and one that another node fired
   * is not fired again.
   */
  void fireDue() {
    Instant now = engine.config().clock().instant();
    for (ScheduleEntry e :
        engine.store().dueScheduleEntries(now, engine.registry().names(), BATCH)) {
      Instant following = Schedules.following(e.schedule(), e.nextFireAt());
      boolean missedMany = !following.isAfter(now);
      Instant next = missedMany ? Schedules.nextAfter(e.schedule(), now) : following;
      boolean skip = missedMany && e.missedFirePolicy() == MissedFirePolicy.SKIP;
      NewTask task = skip ? null : task(e);
      List<NewTask> held = task == null ? List.of() : List.of(task);
      engine.submissions().hold(held);
      OccurrenceFired fired;
      try {
        fired =
            engine.store().fireOccurrence(new Occurrence(e.id(), e.nextFireAt(), next, now, task));
      } catch (ConfigurationNotFoundException ex) {
        engine.submissions().unhold(held);
        LOG.warn("schedule entry {} could not fire (it stays due): {}", e.id(), ex.getMessage());
        continue;
      } catch (RuntimeException ex) {
        engine.submissions().unhold(held);
        throw ex;
      }
      if (!fired.fired() || fired.submitted() == null) {
        engine.submissions().unhold(held);
      }
      if (!fired.fired()) {
        continue; // another node fired this occurrence
      }
      if (skip) {
        LOG.info("schedule entry {} skipped occurrences missed since {}", e.id(), e.nextFireAt());
      } else if (fired.submitted() != null) {
        var s = engine.submissions().published(List.of(task), List.of(fired.submitted()));
        LOG.debug(
            "schedule entry {} fired task {} (joined: {})",
            e.id(),
            s.get(0).id(),
            fired.submitted().joined());
      }
    }
  }

  /** The task an occurrence submits, or null (logged) when the entry can no longer make one. */
  private NewTask task(ScheduleEntry e) {
    Scope owner = Scope.of(e.owner());
    SubmitSpec spec = new SubmitSpec(e.name(), "", e.priority(), null, null);
    try {
      return e.configurationId() != null
          ? engine
              .submissions()
              .prepareFromConfiguration(owner, e.configurationId(), e.argumentsJson(), spec, e.id())
          : engine
              .submissions()
              .prepareJson(owner, e.type(), e.argumentsJson(), spec, null, e.id());
    } catch (InvalidInputException | ConfigurationNotFoundException ex) {
      LOG.warn("schedule entry {} could not fire: {}", e.id(), ex.getMessage());
      return null;
    }
  }

  private void checkArguments(
      Scope scope,
      io.btmanager.core.definition.TaskDefinition<?, ?> def,
      String configurationId,
      String argumentsJson) {
    String args = argumentsJson;
    if (configurationId != null) {
      var c = engine
          .store()
          .findConfiguration(configurationId)
          .filter(x -> x.owner().equals(scope.user()) && x.type().equals(def.name()))
          .orElseThrow(() -> new ConfigurationNotFoundException(configurationId));
      args = engine.json().merge(c.argumentsJson(), argumentsJson);
    }
    // what each firing submits must fit, or the entry is accepted and never fires
    Limits.payload("arguments", args, engine.config().maxArgumentBytes());
    engine.json().bind(args, def.argumentType());
  }

  static ScheduleEntry withNext(ScheduleEntry e, Instant next) {
    return e.toBuilder().nextFireAt(next).build();
  }
}
