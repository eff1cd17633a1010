package io.btmanager.store.redis.internal;

import static io.btmanager.store.redis.internal.Codec.micros;
import static io.btmanager.store.redis.internal.Codec.orEmpty;

import io.btmanager.core.spi.ClaimRequest;
import io.btmanager.core.spi.Completion;
import io.btmanager.core.spi.LeaseReturn;
import io.btmanager.core.spi.LeaseStatus;
import io.btmanager.core.spi.StoredTask;
import io.btmanager.core.spi.Turnover;
import io.btmanager.core.task.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The worker's side: claims, lease extensions, progress, completions and expired leases, each one
 * script; a turn (completions, then a claim) is one script too, so a batch costs one round trip.
 */
public final class WorkQueue implements io.btmanager.core.spi.WorkQueue {
  /** How many run times per type the turn script keeps (its {@code RUN_TIME_SAMPLE}). */
  static final int RUN_TIME_SAMPLE = io.btmanager.core.spi.WorkQueue.RUN_TIME_SAMPLE;

  private static final LeaseStatus[] STATUSES = {
    LeaseStatus.LOST, LeaseStatus.KEPT, LeaseStatus.CANCEL_REQUESTED
  };

  private final Redis redis;
  private final RedisKeys keys;

  public WorkQueue(Redis redis, RedisKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** One script: the lease (from Redis's clock), token (INCR) and queue moves of every task. */
  @Override
  public List<StoredTask> claim(ClaimRequest request) {
    if (request.max() == 0) {
      return List.of();
    }
    return turn(List.of(), request.node(), request.max(), request.lease(), request.types())
        .claimed();
  }

  @Override
  public List<Boolean> complete(List<Completion> completions) {
    if (completions.isEmpty()) {
      return List.of();
    }
    return turn(completions, "", 0, Duration.ZERO, Set.of()).applied();
  }

  /** One script: the completions and the claim are written together. */
  @Override
  public Turnover completeAndClaim(List<Completion> completions, ClaimRequest request) {
    return turn(completions, request.node(), request.max(), request.lease(), request.types());
  }

  /**
   * Ends {@code completions}, then claims up to {@code max} tasks of {@code types} (every type when
   * empty) for {@code node}, in one script.
   */
  public Turnover turn(
      List<Completion> completions,
      String node,
      int max,
      Duration lease,
      Collection<String> types) {
    List<String> args = new ArrayList<>(6 + types.size() + completions.size() * 16);
    args.add(node);
    args.add(Integer.toString(Math.max(0, max)));
    args.add(Long.toString(lease.toNanos() / 1_000));
    args.add(Integer.toString(types.size()));
    args.addAll(types);
    args.add(Integer.toString(completions.size()));
    for (Completion c : completions) {
      String[] error = Codec.error(c.error());
      args.add(c.taskId());
      args.add(c.leaseToken());
      args.add(c.state().name());
      args.add(Integer.toString(c.attempt()));
      args.add(Long.toString(c.progress().done()));
      args.add(Long.toString(c.progress().total()));
      args.add(c.progress().message());
      args.add(orEmpty(c.resultJson()));
      args.add(error[0]);
      args.add(error[1]);
      args.add(error[2]);
      args.add(error[3]);
      args.add(error[4]);
      args.add(orEmpty(micros(c.finishedAt())));
      args.add(orEmpty(micros(c.nextAttemptAt())));
      args.add(TaskCodec.execution(c.execution()));
    }
    List<Object> reply =
        redis.list("end attempts and claim tasks", Script.TURN, args.toArray(String[]::new));
    List<Boolean> applied = new ArrayList<>(completions.size());
    for (Object a : (List<?>) reply.get(0)) {
      applied.add(((Long) a) == 1L);
    }
    List<StoredTask> claimed = TaskCodec.tasks((List<?>) reply.get(1));
    if (!claimed.isEmpty()) {
      redis.observe(claimed.get(0).startedAt()); // one TIME per script: all share it
    }
    return new Turnover(applied, claimed);
  }

  public Map<String, LeaseStatus> extendLeases(Map<String, String> leaseTokens, Duration lease) {
    Map<String, LeaseStatus> statuses = new LinkedHashMap<>();
    if (leaseTokens.isEmpty()) {
      return statuses;
    }
    String[] args = new String[1 + leaseTokens.size() * 2];
    args[0] = Long.toString(lease.toNanos() / 1_000);
    List<String> ids = new ArrayList<>(leaseTokens.keySet());
    for (int i = 0; i < ids.size(); i++) {
      args[1 + 2 * i] = ids.get(i);
      args[2 + 2 * i] = leaseTokens.get(ids.get(i));
    }
    List<Object> reply = redis.list("extend leases", Script.EXTEND, args);
    for (int i = 0; i < ids.size(); i++) {
      statuses.put(ids.get(i), STATUSES[((Long) reply.get(i)).intValue()]);
    }
    return statuses;
  }

  public boolean saveProgress(String taskId, String leaseToken, Progress progress) {
    return redis.number(
            "save progress",
            Script.PROGRESS,
            taskId,
            leaseToken,
            Long.toString(progress.done()),
            Long.toString(progress.total()),
            progress.message())
        == 1;
  }

  /** Ends an expired lease as the core decided, fenced by token and expiry (Redis's clock). */
  public boolean returnExpiredLease(LeaseReturn r) {
    String[] e = Codec.error(r.error());
    return redis.number(
            "return an expired lease",
            Script.RETURN_LEASE,
            r.taskId(),
            r.leaseToken(),
            r.state().name(),
            e[0],
            e[1],
            e[2],
            e[3],
            e[4],
            TaskCodec.execution(r.execution()))
        == 1;
  }

  /** The mean of the type's latest run times, kept by the turn script in a capped list. */
  public Optional<Duration> typicalRunTime(String type) {
    List<String> micros =
        redis.call("read run times", c -> c.lrange(keys.runTimes(type), 0, RUN_TIME_SAMPLE - 1));
    if (micros.isEmpty()) {
      return Optional.empty();
    }
    long sum = 0;
    for (String m : micros) {
      sum += Long.parseLong(m);
    }
    return Optional.of(Duration.ofNanos(sum / micros.size() * 1_000));
  }

  public List<StoredTask> expiredLeases(int max) {
    if (max <= 0) {
      return List.of();
    }
    return TaskCodec.tasks(
        redis.list("find expired leases", Script.EXPIRED, Integer.toString(max)));
  }
}
