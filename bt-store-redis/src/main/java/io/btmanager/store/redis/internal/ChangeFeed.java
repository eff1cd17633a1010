package io.btmanager.store.redis.internal;

import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.TaskChange;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task changes across nodes on a Redis Stream, not Pub/Sub: a reader remembers the id of the last
 * entry it saw, so a node that lost its connection resumes after it once Redis answers again. One
 * entry carries one announcing call's changes of one node (fields {@code node}, {@code n}, then
 * {@code t1 k1 u1 t2 ...}: task, kind, user), so a batch costs one {@code XADD}, made by a script
 * that counts the entries ever added beside the stream. The stream keeps
 * about the latest {@link #keep} entries; a reader that fell further behind (its node was away
 * while entries it had not read were trimmed) is told it must refresh, never left to skip them
 * silently.
 */
public final class ChangeFeed implements io.btmanager.core.spi.ChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  /** The entries the stream keeps by default (about: trimming is approximate). */
  public static final long KEEP = 100_000;

  private static final Duration BLOCK = Duration.ofSeconds(1);
  private static final int READ = 100;

  private final Redis redis;
  private final RedisKeys keys;
  private final RedisClient client;
  private final long keep;

  public ChangeFeed(Redis redis, RedisKeys keys, RedisClient client, long keep) {
    this.redis = redis;
    this.keys = keys;
    this.client = client;
    this.keep = keep;
  }

  /** Appends the changes in one script: one stream entry per run of one node's changes. */
  public void announce(List<TaskChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>(changes.size() * 3 + 8);
    args.add(Long.toString(keep));
    int from = 0;
    while (from < changes.size()) {
      String node = changes.get(from).node();
      int to = from;
      while (to < changes.size() && changes.get(to).node().equals(node)) {
        to++;
      }
      args.add(node);
      args.add(Integer.toString(to - from));
      for (TaskChange change : changes.subList(from, to)) {
        args.add(change.taskId());
        args.add(change.kind().name());
        args.add(change.user() == null ? "" : change.user());
      }
      from = to;
    }
    redis.number("announce task changes", Script.FEED_ANNOUNCE, args.toArray(String[]::new));
  }

  /**
   * Reads the changes other nodes announce on a thread and connection of its own, until closed;
   * calls {@code mustRefresh} (on that thread) when changes it had not read were trimmed away.
   */
  @Override
  public AutoCloseable listen(String node, Consumer<TaskChange> listener) {
    return listen(node, listener, () -> {});
  }

  @Override
  public AutoCloseable listen(String node, Consumer<TaskChange> listener, Runnable mustRefresh) {
    java.util.Objects.requireNonNull(mustRefresh, "mustRefresh");
    // where to start is fixed before returning: every change announced after this call is heard
    List<Object> tail = redis.list("read the change feed", Script.FEED_READ, "", "1");
    List<?> newest = (List<?>) tail.get(2);
    Reader reader = new Reader(
        node,
        listener,
        mustRefresh,
        newest.isEmpty() ? "0-0" : (String) ((List<?>) newest.get(0)).get(0),
        (Long) tail.get(0));
    Thread thread = new Thread(reader, "bt-redis-feed-" + node);
    thread.setDaemon(true);
    thread.start();
    return () -> {
      reader.closed = true;
      thread.join(BLOCK.toMillis() * 3);
    };
  }

  private final class Reader implements Runnable {
    private final String node;
    private final Consumer<TaskChange> listener;
    private final Runnable mustRefresh;
    private volatile boolean closed;
    /** The id of the last entry read, and how many entries the stream had had up to it. */
    private String last;

    private long position;

    Reader(
        String node,
        Consumer<TaskChange> listener,
        Runnable mustRefresh,
        String last,
        long position) {
      this.node = node;
      this.listener = listener;
      this.mustRefresh = mustRefresh;
      this.last = last;
      this.position = position;
    }

    @Override
    public void run() {
      while (!closed) {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
          while (!closed) {
            if (!read()) {
              // nothing new: wait on this connection until an entry follows the last one read
              c.sync()
                  .xread(
                      XReadArgs.Builder.block(BLOCK).count(1),
                      XReadArgs.StreamOffset.from(keys.feed(), last));
            }
          }
        } catch (RuntimeException e) {
          if (!closed) {
            LOG.warn(
                "change feed of {} lost Redis ({}); resuming after {}", node, e.getMessage(), last);
            pause();
          }
        }
      }
    }

    /** Reads and delivers the entries after the last one read; false when there were none. */
    private boolean read() {
      List<Object> reply =
          redis.list("read the change feed", Script.FEED_READ, last, Integer.toString(READ));
      long added = (Long) reply.get(0);
      long trimmed = added - (Long) reply.get(1);
      if (trimmed > position || added < position) {
        // entries this reader had not read are gone (or the stream was deleted and began again)
        LOG.warn(
            "change feed of {} missed {} change entries (trimmed while it was away): it must"
                + " refresh",
            node,
            added < position ? "an unknown number of" : Long.toString(trimmed - position));
        if (added < position) {
          last = "0-0";
        }
        position = trimmed;
        call(mustRefresh::run, "must-refresh callback");
      }
      List<?> entries = (List<?>) reply.get(2);
      for (Object e : entries) {
        List<?> entry = (List<?>) e;
        last = (String) entry.get(0);
        position++;
        deliver((List<?>) entry.get(1));
      }
      return !entries.isEmpty();
    }

    private void deliver(List<?> fields) {
      Map<String, String> body = new LinkedHashMap<>();
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        body.put((String) fields.get(i), (String) fields.get(i + 1));
      }
      String from = body.get("node");
      if (node.equals(from)) {
        return;
      }
      int n = Integer.parseInt(body.getOrDefault("n", "0"));
      for (int i = 1; i <= n; i++) {
        TaskChange change = new TaskChange(
            from, body.get("t" + i), TaskEventKind.valueOf(body.get("k" + i)), body.get("u" + i));
        call(() -> listener.accept(change), "change feed listener");
      }
    }

    private void call(Runnable r, String what) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("a {} failed", what, e);
      }
    }

    private void pause() {
      try {
        Thread.sleep(BLOCK.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closed = true;
      }
    }
  }
}
