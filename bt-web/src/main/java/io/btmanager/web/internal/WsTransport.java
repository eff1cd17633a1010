package io.btmanager.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A push stream as a WebSocket, upgraded from the servlet's own request (Jakarta WebSocket 2.1's
 * {@code upgradeHttpToWebSocket}) after the same checks as every API request. Sends are
 * asynchronous, one at a time; messages from the client are ignored.
 */
public final class WsTransport extends Endpoint implements Outbox.Transport {
  private final PushHub hub;
  private final UserChannel channel;
  private final String lastEventId;
  private volatile Session session;
  private volatile Outbox outbox;

  private WsTransport(PushHub hub, UserChannel channel, String lastEventId) {
    this.hub = hub;
    this.channel = channel;
    this.lastEventId = lastEventId;
  }

  static void upgrade(
      HttpServletRequest req,
      HttpServletResponse resp,
      PushHub hub,
      UserChannel channel,
      String lastEventId)
      throws IOException {
    if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      throw new ApiProblem(
          400, "bad-request", "this route is a WebSocket: send Upgrade: websocket");
    }
    Object c = req.getServletContext().getAttribute(ServerContainer.class.getName());
    if (!(c instanceof ServerContainer container)) {
      throw new ApiProblem(
          501, "not-implemented", "this container has no WebSocket support; use push/sse");
    }
    WsTransport endpoint = new WsTransport(hub, channel, lastEventId);
    ServerEndpointConfig config = ServerEndpointConfig.Builder.create(
            WsTransport.class, req.getServletPath() + req.getPathInfo())
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public <T> T getEndpointInstance(Class<T> type) {
            return type.cast(endpoint);
          }
        })
        .build();
    try {
      container.upgradeHttpToWebSocket(req, resp, config, Map.of());
    } catch (jakarta.websocket.DeploymentException e) {
      throw new IllegalStateException("WebSocket upgrade failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void onOpen(Session s, EndpointConfig config) {
    this.session = s;
    s.setMaxIdleTimeout(hub.pingInterval().toMillis() * 3);
    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {});
    this.outbox = hub.attach(channel, this, lastEventId);
  }

  @Override
  public void send(PushMessage m, Consumer<Boolean> done) {
    session.getAsyncRemote().sendText(m.json(), result -> done.accept(result.isOK()));
  }

  @Override
  public void close() {
    Session s = session;
    if (s != null && s.isOpen()) {
      try {
        s.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "closed"));
      } catch (IOException | RuntimeException e) {
        // the peer is gone already
      }
    }
  }

  @Override
  public void onClose(Session s, CloseReason reason) {
    Outbox o = outbox;
    if (o != null) {
      o.close();
    } else {
      channel.release(null);
    }
  }

  @Override
  public void onError(Session s, Throwable error) {
    Outbox o = outbox;
    if (o != null) {
      o.close();
    }
  }
}
