package io.btmanager.web.browser;

import io.btmanager.core.TaskManager;
import io.btmanager.web.BtWeb;
import io.btmanager.web.BtWebServer;
import io.btmanager.web.UserResolver;
import java.net.InetSocketAddress;
import java.net.URI;

/** The dashboard served by the standalone {@link BtWebServer} (embedded Jetty 12). */
class StandaloneServerDashboardTest extends DashboardBrowserTest {
  private BtWeb web;
  private BtWebServer server;

  @Override
  URI startServer(TaskManager manager, UserResolver resolver) {
    web = BtWeb.builder(manager).users(resolver).build();
    server = BtWebServer.start(web, new InetSocketAddress("localhost", 0), "/bt");
    return server.dashboard();
  }

  @Override
  void stopServer() {
    server.close();
    web.close();
  }

  @Override
  String variant() {
    return "standalone";
  }
}
