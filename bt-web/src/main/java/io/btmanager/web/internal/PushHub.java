package io.btmanager.web.internal;

import io.btmanager.web.WebUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live task events for every signed-in user, over WebSocket and SSE alike: one {@link UserChannel}
 * per user with streams open (kept for the resume window after the last one closes), pings to
 * every stream, and the per-user stream limit. Event ids are this hub's epoch and a sequence, so an
 * id from before a restart asks for a reset, never for the wrong events.
 */
public final class PushHub implements AutoCloseable {
  private final WebSettings settings;
  private final String epoch;
  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<String, UserChannel> channels = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  public PushHub(WebSettings settings) {
    this.settings = settings;
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    this.epoch = HexFormat.of().formatHex(b);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bt-web-push");
      t.setDaemon(true);
      return t;
    });
    long ping = settings.pingInterval().toMillis();
    timer.scheduleAtFixedRate(this::ping, ping, ping, TimeUnit.MILLISECONDS);
    long sweep = Math.max(1_000, settings.resumeWindow().toMillis() / 4);
    timer.scheduleAtFixedRate(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** Opens a stream for {@code user} on this request: a WebSocket upgrade or an SSE response. */
  void open(
      HttpServletRequest req,
      HttpServletResponse resp,
      WebUser user,
      boolean websocket,
      boolean admin)
      throws IOException {
    String lastEventId = req.getHeader("Last-Event-ID");
    if (req.getParameter("lastEventId") != null) {
      lastEventId = req.getParameter("lastEventId");
    }
    if (lastEventId != null && (lastEventId.isBlank() || lastEventId.length() > 64)) {
      lastEventId = "none";
    }
    UserChannel channel = reserve(user.name(), admin);
    try {
      if (websocket) {
        WsTransport.upgrade(req, resp, this, channel, lastEventId);
      } else {
        SseTransport.start(req, resp, this, channel, lastEventId);
      }
    } catch (IOException | RuntimeException e) {
      channel.release(null);
      throw e;
    }
  }

  /** Attaches a started transport's stream to its channel. */
  Outbox attach(UserChannel channel, Outbox.Transport transport, String lastEventId) {
    Outbox[] self = new Outbox[1];
    Outbox o = new Outbox(settings.streamQueue(), transport, () -> channel.release(self[0]));
    self[0] = o;
    channel.attach(o, lastEventId);
    return o;
  }

  /**
   * The user's channel, made on first use: their own tasks through {@code forUser(user)}, or, on
   * an admin route, every task through {@code admin()} with the admin's view of each.
   */
  private UserChannel reserve(String user, boolean admin) {
    return channels.compute((admin ? "admin\u0000" : "user\u0000") + user, (k, c) -> {
      UserChannel ch = c;
      if (ch == null) {
        ch = new UserChannel(
            user,
            admin,
            epoch,
            ids,
            settings.pushBuffer(),
            settings.progressInterval().toNanos(),
            timer);
        ch.listen(
            admin
                ? settings.manager().admin().subscribe(ch)
                : settings.manager().forUser(user).subscribe(ch));
      }
      ch.reserve(settings.maxStreamsPerUser());
      return ch;
    });
  }

  Duration pingInterval() {
    return settings.pingInterval();
  }

  private void ping() {
    PushMessage m = PushMessage.ping(Instant.now(settings.clock()));
    channels.values().forEach(c -> c.broadcast(m));
  }

  private void sweep() {
    long window = settings.resumeWindow().toNanos();
    for (String user : channels.keySet()) {
      channels.computeIfPresent(user, (u, c) -> {
        if (c.idleLongerThan(window)) {
          c.close();
          return null;
        }
        return c;
      });
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    channels.values().forEach(UserChannel::close);
    channels.clear();
  }
}
