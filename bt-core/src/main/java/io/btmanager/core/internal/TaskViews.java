package io.btmanager.core.internal;

import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.IntSupplier;

/** Turns stored tasks into what owners see, deriving queue position and ETA on read (rules 6, 7). */
public final class TaskViews {
  private final TaskStore store;
  private final Clock clock;
  private final DurationStats stats;
  private final Function<String, Progress> liveProgress;
  private final IntSupplier concurrency;

  TaskViews(
      TaskStore store,
      Clock clock,
      DurationStats stats,
      Function<String, Progress> liveProgress,
      IntSupplier concurrency) {
    this.store = store;
    this.clock = clock;
    this.stats = stats;
    this.liveProgress = liveProgress;
    this.concurrency = concurrency;
  }

  /** The task with its position and ETA. */
  public Task view(StoredTask t) {
    return view(t, 1);
  }

  /** The task with its position and ETA, in a collapsed group of {@code groupSize}. */
  public Task view(StoredTask t, int groupSize) {
    Instant now = clock.instant();
    var live = liveProgress.apply(t.id());
    var progress = live != null ? live : t.progress();
    long position = -1;
    if (t.isRunnableAt(now)) { // the manager's clock: no store round trip just to decide
      OptionalLong p = store.queuePosition(t.id());
      position = p.orElse(-1);
    }
    return task(t, progress, position, eta(t, progress, position, now), groupSize);
  }

  /** A view without store reads (for events on hot paths): no position, ETA from progress only. */
  Task quickView(StoredTask t, io.btmanager.core.task.Progress progress) {
    Instant eta = t.state() == TaskState.RUNNING ? eta(t, progress, -1, clock.instant()) : null;
    return task(t, progress, -1, eta, 1);
  }

  private static Task task(
      StoredTask t,
      io.btmanager.core.task.Progress progress,
      long position,
      Instant eta,
      int groupSize) {
    return new Task(
        t.id(),
        t.type(),
        t.name(),
        t.description(),
        t.argumentsJson(),
        t.dedupKey(),
        t.state(),
        t.priority(),
        t.owners(),
        t.link(),
        progress,
        t.createdAt(),
        t.startedAt(),
        t.finishedAt(),
        t.resultJson(),
        t.error(),
        t.attempt(),
        t.maxAttempts(),
        t.nextAttemptAt(),
        t.configurationId(),
        t.scheduleEntryId(),
        position,
        eta,
        groupSize);
  }

  private Instant eta(StoredTask t, io.btmanager.core.task.Progress p, long position, Instant now) {
    Duration typical = stats.average(t.type());
    switch (t.state()) {
      case RUNNING -> {
        if (t.startedAt() != null && p.done() > 0) {
          Duration elapsed = Duration.between(t.startedAt(), now);
          if (!elapsed.isNegative()) {
            double remaining = elapsed.toNanos() * (double) (p.total() - p.done()) / p.done();
            return now.plusNanos((long) remaining);
          }
        }
        return typical == null || t.startedAt() == null
            ? null
            : later(t.startedAt().plus(typical), now);
      }
      case PENDING, SCHEDULED -> {
        if (typical == null) {
          return null;
        }
        Instant start =
            t.state() == TaskState.SCHEDULED && position < 0 && t.nextAttemptAt() != null
                ? later(t.nextAttemptAt(), now)
                : now;
        long ahead = Math.max(0, position);
        long rounds = ahead / Math.max(1, concurrency.getAsInt());
        return start.plus(typical.multipliedBy(rounds + 1));
      }
      default -> {
        return null;
      }
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
