package io.btmanager.web.browser;

import io.btmanager.core.TaskManager;
import io.btmanager.web.BtWeb;
import io.btmanager.web.UserResolver;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The dashboard as a host mounts it: the host's own Jetty, its own context path ({@code /shop})
 * and servlets, and bt-web registered at {@code /tasks} by {@link BtWeb#mount} while the context
 * starts. The same tests as the standalone server, under different URLs.
 */
class MountedServletDashboardTest extends DashboardBrowserTest {
  private BtWeb web;
  private Server server;

  @Override
  URI startServer(TaskManager manager, UserResolver resolver) throws Exception {
    web = BtWeb.builder(manager).users(resolver).build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("localhost");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler shop = new ServletContextHandler("/shop");
    shop.addServlet(new ServletHolder("home", new HostHome()), "/");
    JakartaWebSocketServletContainerInitializer.configure(shop, null);
    shop.addEventListener(new ServletContextListener() {
      @Override
      public void contextInitialized(ServletContextEvent event) {
        web.mount(event.getServletContext(), "/tasks");
      }
    });
    server.setHandler(shop);
    server.start();
    return URI.create("http://localhost:" + connector.getLocalPort() + "/shop/tasks/");
  }

  @Override
  void stopServer() throws Exception {
    server.stop();
    web.close();
  }

  @Override
  String variant() {
    return "mounted";
  }

  /** The host's own page, to show bt-web shares the context with it. */
  private static final class HostHome extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().println("the host's shop");
    }
  }
}
