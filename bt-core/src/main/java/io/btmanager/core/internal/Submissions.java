package io.btmanager.core.internal;

import io.btmanager.core.Submitted;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.SubmitResult;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one submit path (rule 2): every task, whether submitted by a user, fired by a schedule entry
 * or recreated, is validated, canonicalised, keyed for deduplication and handed to the store's
 * atomic submit-or-join here. Returns only once the store holds the task.
 */
public final class Submissions {
  private final Engine engine;

  Submissions(Engine engine) {
    this.engine = engine;
  }

  /** Submits typed arguments. */
  public <A, R> Submitted<R> submit(
      Scope scope, TaskDefinition<A, R> definition, A arguments, SubmitSpec spec) {
    if (arguments == null) {
      throw new InvalidInputException(
          "arguments",
          "is null",
          Json.describe(engine.registry().require(definition).argumentType()));
    }
    return submitAll(scope, definition, List.of(arguments), spec).get(0);
  }

  /** Submits many tasks of one type in one call (one store batch). */
  public <A, R> List<Submitted<R>> submitAll(
      Scope scope, TaskDefinition<A, R> definition, List<A> arguments, SubmitSpec spec) {
    TaskDefinition<A, R> def = engine.registry().require(definition);
    List<NewTask> batch = new ArrayList<>(arguments.size());
    for (int i = 0; i < arguments.size(); i++) {
      A a = arguments.get(i);
      if (a == null) {
        throw new InvalidInputException(
            "arguments[" + i + "]", "is null", Json.describe(def.argumentType()));
      }
      batch.add(prepare(
          scope,
          def,
          engine.json().canonicalArguments(a, def.argumentType()),
          spec,
          null,
          null,
          false));
    }
    return store(batch);
  }

  /**
   * Submits arguments given as JSON by a client, validated exactly like a typed submit: they are
   * bound to the type's argument class (a field that does not bind is named by its JSON path) and
   * the bound value is what is canonicalised, so the same arguments make the same dedup key whether
   * they came typed or as JSON.
   */
  public Submitted<Object> submitByName(
      Scope scope, String type, String argumentsJson, SubmitSpec spec) {
    TaskDefinition<?, ?> def = engine.registry().get(type);
    Object bound =
        argumentsJson == null ? null : engine.json().bind(argumentsJson, def.argumentType());
    if (bound == null) {
      throw new InvalidInputException("arguments", "is null", Json.describe(def.argumentType()));
    }
    return store(
            List.of(prepare(scope, def, engine.json().canonical(bound), spec, null, null, false)))
        .get(0);
  }

  /** Submits a task whose arguments are a configuration's values with {@code overridesJson} over them. */
  public Submitted<Object> submitFromConfiguration(
      Scope scope,
      String configurationId,
      String overridesJson,
      SubmitSpec spec,
      String scheduleEntryId) {
    return store(List.of(
            prepareFromConfiguration(scope, configurationId, overridesJson, spec, scheduleEntryId)))
        .get(0);
  }

  /** The task {@link #submitFromConfiguration} would submit, validated, not yet stored. */
  NewTask prepareFromConfiguration(
      Scope scope,
      String configurationId,
      String overridesJson,
      SubmitSpec spec,
      String scheduleEntryId) {
    Configurations.requireId(configurationId);
    Configuration c = engine
        .store()
        .findConfiguration(configurationId)
        .filter(x -> x.owner().equals(scope.user()))
        .orElseThrow(() -> new ConfigurationNotFoundException(configurationId));
    TaskDefinition<?, ?> def = engine.registry().get(c.type());
    String merged = engine.json().merge(c.argumentsJson(), overridesJson);
    return prepare(scope, def, merged, spec, configurationId, scheduleEntryId, true);
  }

  /** Submits arguments given as JSON, as a recreate does (no schedule entry). */
  public Submitted<Object> submitJson(
      Scope scope, String type, String argumentsJson, SubmitSpec spec, String configurationId) {
    return store(List.of(prepareJson(scope, type, argumentsJson, spec, configurationId, null)))
        .get(0);
  }

  /** The task {@link #submitJson} would submit, validated, not yet stored. */
  NewTask prepareJson(
      Scope scope,
      String type,
      String argumentsJson,
      SubmitSpec spec,
      String configurationId,
      String scheduleEntryId) {
    TaskDefinition<?, ?> def = engine.registry().get(type);
    String canonical = engine.json().canonicalText(argumentsJson, "arguments");
    return prepare(scope, def, canonical, spec, configurationId, scheduleEntryId, true);
  }

  private NewTask prepare(
      Scope scope,
      TaskDefinition<?, ?> def,
      String canonicalJson,
      SubmitSpec spec,
      String configurationId,
      String scheduleEntryId,
      boolean checkBinding) {
    if (scope.isAdmin()) {
      throw new InvalidInputException(
          "user", "the admin view cannot own tasks", "a submit through manager.forUser(user)");
    }
    Limits.payload("arguments", canonicalJson, engine.config().maxArgumentBytes());
    if (checkBinding) {
      engine.json().bind(canonicalJson, def.argumentType()); // field path on failure
    }
    Instant now = engine.config().clock().instant();
    boolean later = spec.startAt() != null && spec.startAt().isAfter(now);
    return new NewTask(
        DedupKeys.newId(),
        def.name(),
        spec.name() == null ? def.name() : spec.name(),
        spec.description(),
        canonicalJson,
        DedupKeys.of(def.name(), canonicalJson),
        spec.priority() == null ? def.defaultPriority() : spec.priority(),
        scope.user(),
        spec.link(),
        later ? TaskState.SCHEDULED : TaskState.PENDING,
        later ? spec.startAt() : null,
        def.retry().maxAttempts(),
        configurationId,
        scheduleEntryId,
        now);
  }

  /**
   * Stores the batch and publishes each task's CREATED (or JOINED). A worker may claim and run a
   * created task before this thread publishes: its events are held until the CREATED is out.
   */
  private <R> List<Submitted<R>> store(List<NewTask> batch) {
    hold(batch);
    List<SubmitResult> results;
    try {
      results = batch.size() == 1
          ? List.of(engine.store().submit(batch.get(0)))
          : engine.store().submitAll(batch);
    } catch (RuntimeException e) {
      unhold(batch);
      throw e;
    }
    return published(batch, results);
  }

  /**
   * Holds the events of the tasks about to be stored, so that a worker's STARTED cannot reach a
   * subscriber before their CREATED (see {@link #published}).
   */
  void hold(List<NewTask> batch) {
    for (NewTask t : batch) {
      engine.events().hold(t.id());
    }
  }

  /** Lets the events of tasks that were not stored (or not created) go. */
  void unhold(List<NewTask> batch) {
    for (NewTask t : batch) {
      engine.events().unhold(t.id());
    }
  }

  /**
   * Tells the subscribers what the store did with {@code batch} (held with {@link #hold}), and
   * wakes the executor.
   */
  <R> List<Submitted<R>> published(List<NewTask> batch, List<SubmitResult> results) {
    List<Submitted<R>> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      SubmitResult r = results.get(i);
      String user = batch.get(i).owner();
      if (r.joined()) {
        engine.events().unhold(batch.get(i).id());
        engine.publish(TaskEventKind.JOINED, r.task(), r.task().progress(), user);
      } else {
        engine.publishCreated(r.task());
      }
      // no queue position: counting the queue would cost every submit (see Submitted)
      out.add(new Submitted<>(engine.views().quickView(r.task(), r.task().progress()), r.joined()));
    }
    engine.wakeExecutor();
    return out;
  }
}
