package io.btmanager.core.internal;

import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.TaskStore;
import io.btmanager.core.task.Progress;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;

/** Turns stored tasks into what owners see, deriving queue position and ETA on read (rules 6, 7). */
public final class TaskViews {
  private final TaskStore store;
  private final Clock clock;
  private final DurationStats stats;
  private final Function<String, Progress> liveProgress;
  private final IntSupplier concurrency;
  private static final long STORE_FIGURE_TTL_NANOS = 1_000_000_000L;
  private final ConcurrentHashMap<String, StoreFigure> storeFigures = new ConcurrentHashMap<>();

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
    return task(t, progress, position, eta(t, progress, position, now, true), groupSize);
  }

  /**
   * The tasks of a listing's page with their positions and ETAs, the positions of the runnable ones
   * read in one batch ({@code queuePositions}) rather than one read per task.
   *
   * @param groupSizes each task's group size in a collapsed listing (1 when absent)
   */
  public List<Task> viewAll(List<StoredTask> tasks, Map<String, Integer> groupSizes) {
    Instant now = clock.instant();
    List<String> runnable = new ArrayList<>();
    for (StoredTask t : tasks) {
      if (t.isRunnableAt(now)) {
        runnable.add(t.id());
      }
    }
    Map<String, Long> positions = runnable.isEmpty() ? Map.of() : store.queuePositions(runnable);
    List<Task> out = new ArrayList<>(tasks.size());
    for (StoredTask t : tasks) {
      var live = liveProgress.apply(t.id());
      var progress = live != null ? live : t.progress();
      long position = positions.getOrDefault(t.id(), -1L);
      out.add(task(
          t,
          progress,
          position,
          eta(t, progress, position, now, true),
          groupSizes.getOrDefault(t.id(), 1)));
    }
    return out;
  }

  /** A view without store reads (for events on hot paths): no position, ETA from progress only. */
  Task quickView(StoredTask t, io.btmanager.core.task.Progress progress) {
    Instant eta =
        t.state() == TaskState.RUNNING ? eta(t, progress, -1, clock.instant(), false) : null;
    return task(t, progress, -1, eta, 1);
  }

  private static Task task(
      StoredTask t,
      io.btmanager.core.task.Progress progress,
      long position,
      Instant eta,
      int groupSize) {
    return Task.builder()
        .from(t)
        .progress(progress)
        .queuePosition(position)
        .eta(eta)
        .groupSize(groupSize)
        .build();
  }

  /** @param readStore whether the store's run times may be read (not on the events' hot path) */
  private Instant eta(
      StoredTask t,
      io.btmanager.core.task.Progress p,
      long position,
      Instant now,
      boolean readStore) {
    Duration typical = readStore ? typical(t.type()) : stats.average(t.type());
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

  /**
   * The type's typical run time: this node's own figure when it ran the type, else the store's (kept
   * for every node, so a node that only submits estimates waits too), read at most once a second per
   * type.
   */
  private Duration typical(String type) {
    Duration local = stats.average(type);
    if (local != null) {
      return local;
    }
    long nowNanos = System.nanoTime();
    StoreFigure f = storeFigures.get(type);
    if (f == null || nowNanos - f.readAt() > STORE_FIGURE_TTL_NANOS) {
      f = new StoreFigure(store.typicalRunTime(type).orElse(null), nowNanos);
      storeFigures.put(type, f);
    }
    return f.typical();
  }

  private record StoreFigure(Duration typical, long readAt) {}

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
