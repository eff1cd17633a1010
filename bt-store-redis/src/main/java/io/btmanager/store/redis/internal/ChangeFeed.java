package io.btmanager.store.redis.internal;

import io.btmanager.core.event.TaskEventKind;
import io.btmanager.core.spi.TaskChange;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task changes across nodes on a Redis Stream, not Pub/Sub: a reader remembers the id of the last
 * entry it saw, so a node that lost its connection resumes after it once Redis answers again. The
 * stream keeps about the latest {@value #KEEP} entries.
 */
public final class ChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  static final long KEEP = 100_000;
  private static final Duration BLOCK = Duration.ofSeconds(1);

  private final Redis redis;
  private final RedisKeys keys;
  private final RedisClient client;

  public ChangeFeed(Redis redis, RedisKeys keys, RedisClient client) {
    this.redis = redis;
    this.keys = keys;
    this.client = client;
  }

  /** Appends the changes, pipelined: one round trip for the batch. */
  public void announce(List<TaskChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    redis.call("announce task changes", c -> {
      RedisAsyncCommands<String, String> async = redis.connection().async();
      XAddArgs trim = XAddArgs.Builder.maxlen(KEEP).approximateTrimming();
      List<RedisFuture<String>> sent = new ArrayList<>(changes.size());
      for (TaskChange change : changes) {
        Map<String, String> body = new HashMap<>(8);
        body.put("node", change.node());
        body.put("task", change.taskId());
        body.put("kind", change.kind().name());
        if (change.user() != null) {
          body.put("user", change.user());
        }
        sent.add(async.xadd(keys.feed(), trim, body));
      }
      if (!LettuceFutures.awaitAll(10, TimeUnit.SECONDS, sent.toArray(RedisFuture[]::new))) {
        throw new io.lettuce.core.RedisCommandTimeoutException("announcing took over 10 s");
      }
      return null;
    });
  }

  /** Reads the changes other nodes announce on a connection of its own, until closed. */
  public AutoCloseable listen(String node, Consumer<TaskChange> listener) {
    // where to start is fixed before returning: every change announced after this call is heard
    List<StreamMessage<String, String>> tail = redis.call(
        "read the change feed",
        c -> c.xrevrange(keys.feed(), Range.create("-", "+"), Limit.from(1)));
    Reader reader =
        new Reader(node, listener, tail.isEmpty() ? "0-0" : tail.get(0).getId());
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
    private volatile boolean closed;
    private String last;

    Reader(String node, Consumer<TaskChange> listener, String last) {
      this.node = node;
      this.listener = listener;
      this.last = last;
    }

    @Override
    public void run() {
      while (!closed) {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
          while (!closed) {
            read(c);
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

    private void read(StatefulRedisConnection<String, String> c) {
      List<StreamMessage<String, String>> messages = c.sync()
          .xread(
              XReadArgs.Builder.block(BLOCK).count(1_000),
              XReadArgs.StreamOffset.from(keys.feed(), last));
      if (messages == null) {
        return;
      }
      for (StreamMessage<String, String> m : messages) {
        last = m.getId();
        Map<String, String> body = m.getBody();
        if (node.equals(body.get("node"))) {
          continue;
        }
        try {
          listener.accept(new TaskChange(
              body.get("node"),
              body.get("task"),
              TaskEventKind.valueOf(body.get("kind")),
              body.get("user")));
        } catch (RuntimeException e) {
          LOG.warn("a change feed listener failed", e);
        }
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
