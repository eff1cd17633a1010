package io.btmanager.core.memory;

import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.NewTask;
import io.btmanager.core.spi.Occurrence;
import io.btmanager.core.task.Configuration;
import io.btmanager.core.task.Execution;
import io.btmanager.core.task.ScheduleEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants as the SQL and Redis stores keep them: whole microseconds, cut (not rounded) where a
 * value enters the store, so that the oracle reads back what they read back. A value already whole
 * is passed through without a copy.
 */
final class Micros {
  private Micros() {}

  static Instant of(Instant i) {
    return i == null || whole(i) ? i : i.truncatedTo(ChronoUnit.MICROS);
  }

  static NewTask of(NewTask t) {
    if (t == null || whole(t.createdAt()) && whole(t.nextAttemptAt())) {
      return t;
    }
    return t.toBuilder()
        .createdAt(of(t.createdAt()))
        .nextAttemptAt(of(t.nextAttemptAt()))
        .build();
  }

  static Execution of(Execution e) {
    if (e == null || (whole(e.startedAt()) && whole(e.finishedAt()))) {
      return e;
    }
    return new Execution(
        e.taskId(),
        e.attempt(),
        e.configurationId(),
        e.node(),
        of(e.startedAt()),
        of(e.finishedAt()),
        e.outcome(),
        e.resultJson(),
        e.error());
  }

  static Completion of(Completion c) {
    Execution ex = of(c.execution());
    if (ex == c.execution() && whole(c.finishedAt()) && whole(c.nextAttemptAt())) {
      return c;
    }
    return new Completion(
        c.taskId(),
        c.leaseToken(),
        c.state(),
        c.attempt(),
        c.progress(),
        c.resultJson(),
        c.error(),
        of(c.finishedAt()),
        of(c.nextAttemptAt()),
        ex);
  }

  static LeaseReturn of(LeaseReturn r) {
    Execution ex = of(r.execution());
    return ex == r.execution()
        ? r
        : new LeaseReturn(r.taskId(), r.leaseToken(), r.state(), r.error(), ex);
  }

  static Configuration of(Configuration c) {
    if (whole(c.createdAt()) && whole(c.updatedAt())) {
      return c;
    }
    return new Configuration(
        c.id(),
        c.owner(),
        c.name(),
        c.type(),
        c.argumentsJson(),
        of(c.createdAt()),
        of(c.updatedAt()));
  }

  static ScheduleEntry of(ScheduleEntry e) {
    if (whole(e.nextFireAt()) && whole(e.lastFiredAt()) && whole(e.createdAt())) {
      return e;
    }
    return e.toBuilder()
        .nextFireAt(of(e.nextFireAt()))
        .lastFiredAt(of(e.lastFiredAt()))
        .createdAt(of(e.createdAt()))
        .build();
  }

  static Occurrence of(Occurrence o) {
    NewTask task = of(o.task());
    if (task == o.task()
        && whole(o.expectedNextFireAt())
        && whole(o.nextFireAt())
        && whole(o.firedAt())) {
      return o;
    }
    return new Occurrence(
        o.entryId(), of(o.expectedNextFireAt()), of(o.nextFireAt()), of(o.firedAt()), task);
  }

  private static boolean whole(Instant i) {
    return i == null || i.getNano() % 1_000 == 0;
  }
}
