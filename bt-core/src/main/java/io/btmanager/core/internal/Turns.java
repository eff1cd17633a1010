package io.btmanager.core.internal;

import io.btmanager.core.exception.StoreRejectedException;
import io.btmanager.core.exception.StoreUnavailableException;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcomes of attempts, with the next claims of the workers that wrote them: on a store
 * that declares {@link io.btmanager.core.spi.StoreCapabilities#batchesCommits()}, the workers
 * between two tasks share one write (a turn, through {@link GroupCommit}); through an outage the
 * outcomes are retried for up to one lease period. Thread-safe.
 */
final class Turns {
  private static final Logger LOG = LoggerFactory.getLogger(Turns.class);

  /**
   * Workers between two tasks that a turn's write may carry: more than a pool's threads, so that
   * every waiting worker fits in one write.
   */
  private static final int MAX_TURN = 512;

  /**
   * Turn writes in progress at once. A node's turns form a chain (write, wake the workers, next
   * write) in which the database idles while the workers run and the other way round; a second
   * write in flight overlaps one turn's round trip and commit with the next. Two connections'
   * claims skip each other's locked rows, so they never wait for one another.
   */
  private static final int TURN_WRITERS = 2;

  /**
   * The workers that must wait before a second turn write starts beside the first: a write has a
   * fixed cost (a round trip and a commit), and one with a few workers would cost more than it
   * saves. Pools smaller than this keep one write in flight.
   */
  private static final int FULL_TURN = 32;

  /**
   * What a turn got: whether each of its outcomes was applied, the tasks claimed for it, and each
   * outcome as written (the one given, or the FAILED one written instead of an outcome the store
   * refused).
   */
  record Turned(List<Boolean> applied, List<StoredTask> claimed, List<Completion> written) {}

  /** A worker between two tasks: the outcomes of the tasks it ran, and how many it wants next. */
  private record Turn(List<Completion> completions, int claims) {}

  private final Engine engine;
  private final StoreGuard guard;
  /** Null when the store does not batch commits (in memory): each worker writes and claims alone. */
  private final GroupCommit<Turn, Turned> shared;

  Turns(Engine engine, StoreGuard guard) {
    this.engine = engine;
    this.guard = guard;
    this.shared = batchesCommits(engine)
        ? new GroupCommit<>(this::writeTurns, MAX_TURN, TURN_WRITERS, FULL_TURN)
        : null;
  }

  /** Whether the store asks for group commit of turns and run-ahead of short tasks. */
  static boolean batchesCommits(Engine engine) {
    return engine.store().capabilities().batchesCommits();
  }

  /** Whether outcomes and claims share one write (only then does a turn claim). */
  boolean shared() {
    return shared != null;
  }

  /**
   * Writes outcomes (when any) and claims {@code claims} tasks, retrying the outcomes through a
   * store outage for up to one lease period; nothing is claimed once a write has failed. When
   * turns are not shared, the outcomes are written alone and nothing is claimed here. An outcome
   * the store refuses (a value it cannot hold) is replaced by a FAILED one that says so ({@link
   * Outcomes#refused}): the task ends now, not when its lease expires.
   */
  Turned write(List<Completion> completions, int claims) {
    try {
      return writeThroughOutages(completions, claims);
    } catch (StoreRejectedException e) {
      guard.succeeded(); // the store answered: it is up
      return alone(completions, e);
    }
  }

  private Turned writeThroughOutages(List<Completion> completions, int claims) {
    long deadline = System.nanoTime() + engine.config().lease().toNanos();
    long backoff = 50;
    while (true) {
      try {
        Turned turned;
        if (shared != null) {
          turned = shared.submit(new Turn(completions, claims));
        } else {
          turned = new Turned(
              completions.isEmpty() ? List.of() : engine.store().complete(completions),
              List.of(),
              completions);
        }
        guard.succeeded();
        return turned.applied().contains(false) ? rescued(turned) : turned;
      } catch (StoreUnavailableException e) {
        guard.failed(e);
        List<Boolean> none = Collections.nCopies(completions.size(), false);
        if (completions.isEmpty()) {
          return new Turned(none, List.of(), completions);
        }
        claims = 0;
        if (System.nanoTime() - deadline > 0) {
          LOG.warn(
              "could not write the outcome of {} task(s) ({}…); their leases will expire and they"
                  + " run again",
              completions.size(),
              completions.get(0).taskId());
          return new Turned(none, List.of(), completions);
        }
        try {
          TimeUnit.MILLISECONDS.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return new Turned(none, List.of(), completions);
        }
        backoff = Math.min(backoff * 2, 2_000);
      }
    }
  }

  /**
   * The outcomes of a write the store refused, each written alone; the refused ones (the only one,
   * when it was alone) are replaced by a FAILED outcome that says why. Claims nothing.
   */
  private Turned alone(List<Completion> completions, StoreRejectedException rejected) {
    List<Boolean> applied = new ArrayList<>(completions.size());
    List<Completion> written = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      StoreRejectedException refused = completions.size() == 1 ? rejected : null;
      if (refused == null) {
        try {
          applied.add(engine.store().complete(List.of(c)).get(0));
          written.add(c);
          continue;
        } catch (StoreRejectedException e) {
          refused = e;
        } catch (StoreUnavailableException e) {
          guard.failed(e);
          applied.add(false);
          written.add(c);
          continue;
        }
      }
      Completion instead = Outcomes.refused(c, Advising.refusedOutcome(refused));
      applied.add(writeInstead(c, instead, refused));
      written.add(instead);
    }
    return new Turned(applied, List.of(), written);
  }

  /**
   * A store that writes a batch's outcomes one by one when it refuses a value in one (see {@link
   * io.btmanager.core.spi.WorkQueue#complete}) reports the refused one not applied, as it does an
   * outcome whose lease was lost. Each outcome not applied is written again alone, so that a store
   * that refuses it says why; if it is still not applied, or refused, it is tried as FAILED under
   * the same lease token (with the store's reason when there is one): the store applies that only
   * when the lease is still this node's, that is when the outcome was refused rather than its lease
   * lost; otherwise it changes nothing. (Whether a refused outcome carried the database's reason
   * used to depend on whether other workers' outcomes had shared its write.)
   */
  private Turned rescued(Turned turned) {
    List<Boolean> applied = new ArrayList<>(turned.applied());
    List<Completion> written = new ArrayList<>(turned.written());
    for (int i = 0; i < applied.size(); i++) {
      if (!applied.get(i)) {
        Completion c = written.get(i);
        StoreRejectedException why = null;
        try {
          if (engine.store().complete(List.of(c)).get(0)) {
            applied.set(i, true);
            continue;
          }
        } catch (StoreRejectedException e) {
          why = e;
        } catch (StoreUnavailableException e) {
          guard.failed(e);
          continue; // not applied; the lease runs out as after any outage
        }
        Completion instead = Outcomes.refused(c, Advising.refusedOutcome(why));
        if (writeInstead(c, instead, why)) {
          applied.set(i, true);
          written.set(i, instead);
        }
      }
    }
    return new Turned(applied, turned.claimed(), written);
  }

  /** Writes {@code instead} of the refused {@code c}; false when it was not applied either. */
  private boolean writeInstead(Completion c, Completion instead, StoreRejectedException why) {
    try {
      boolean applied = engine.store().complete(List.of(instead)).get(0);
      if (applied) {
        LOG.warn(
            "the store refused the outcome ({}) of task {}; it ended FAILED instead",
            c.state(),
            c.taskId(),
            why);
      }
      return applied;
    } catch (StoreRejectedException | StoreUnavailableException e) {
      LOG.error(
          "could not write the outcome of task {}, nor a failure in its place; its lease will"
              + " expire and it runs again",
          c.taskId(),
          e);
      return false;
    }
  }

  /** Writes releases (attempts ended without counting); an outage leaves them to lease expiry. */
  void release(List<Completion> releases) {
    if (releases.isEmpty()) {
      return;
    }
    try {
      engine.store().complete(releases);
      LOG.info("released {} unfinished task(s) back to the queue", releases.size());
    } catch (StoreUnavailableException e) {
      LOG.warn(
          "could not release {} task(s); their leases expire and they run again", releases.size());
    }
  }

  /** One store write for the turns of every worker that finished meanwhile. */
  private List<Turned> writeTurns(List<Turn> batch) {
    List<Completion> completions = new ArrayList<>();
    int wanted = 0;
    for (Turn t : batch) {
      completions.addAll(t.completions());
      wanted += t.claims();
    }
    Turnover done = engine.store().completeAndClaim(completions, engine.claimRequest(wanted));
    List<Turned> out = new ArrayList<>(batch.size());
    int applied = 0;
    int claimed = 0;
    for (Turn t : batch) {
      int n = t.completions().size();
      int got = Math.min(t.claims(), done.claimed().size() - claimed);
      out.add(new Turned(
          done.applied().subList(applied, applied + n),
          done.claimed().subList(claimed, claimed + got),
          t.completions()));
      applied += n;
      claimed += got;
    }
    return out;
  }
}
