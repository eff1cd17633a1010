package io.btmanager.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A standalone server for a {@link BtWeb} on embedded Jetty 12: the same servlet and WebSocket a
 * host mounts in its own container, at {@code <path>/*}, with {@code /} sent to the dashboard. For
 * hosts without a container, and for the example's main job. Close it to stop.
 *
 * <pre>{@code
 * try (BtWebServer server = BtWebServer.start(web, new InetSocketAddress("localhost", 8080), "/bt")) {
 *   System.out.println("dashboard at " + server.dashboard());
 * }
 * }</pre>
 */
public final class BtWebServer implements AutoCloseable {
  private final Server server;
  private final URI base;

  private BtWebServer(Server server, URI base) {
    this.server = server;
    this.base = base;
  }

  /** Starts on {@code address} (port 0 picks a free one) with {@code web} at {@code path}. */
  public static BtWebServer start(BtWeb web, InetSocketAddress address, String path) {
    String p = BtWeb.checkPath(path);
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder holder = new ServletHolder("bt-web", web.servlet());
    holder.setAsyncSupported(true);
    context.addServlet(holder, p + "/*");
    context.addServlet(new ServletHolder("bt-web-root", new Root(p)), "");
    JakartaWebSocketServletContainerInitializer.configure(context, null);
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false); // never a stack trace on the wire, not even Jetty's own
    context.setErrorHandler(errors);
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException("bt-web: the server did not start on " + address, e);
    }
    String host = address.getHostString();
    URI base = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + connector.getLocalPort() + p + "/");
    return new BtWebServer(server, base);
  }

  /** The dashboard's address, e.g. {@code http://localhost:8080/bt/}. */
  public URI dashboard() {
    return base;
  }

  /** The API's base address, e.g. {@code http://localhost:8080/bt/api/}. */
  public URI api() {
    return base.resolve("api/");
  }

  /** The port the server listens on. */
  public int port() {
    return base.getPort();
  }

  /** Stops the server (the {@link BtWeb} and its manager stay open). */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("bt-web: the server did not stop cleanly", e);
    }
  }

  /** Sends {@code /} to the dashboard. */
  private static final class Root extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String path;

    Root(String path) {
      this.path = path;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.sendRedirect(path + "/");
    }
  }
}
