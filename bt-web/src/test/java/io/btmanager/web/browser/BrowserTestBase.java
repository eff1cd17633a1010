package io.btmanager.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.UserTasks;
import io.btmanager.executor.local.LocalExecutor;
import io.btmanager.web.UserResolver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;

/**
 * What every browser test stands on: one headless Chromium per test class; per test a fresh
 * manager (in memory, four worker threads, the {@link SteppedTasks} types) behind a fresh web
 * layer, with the development resolver's users alice (an admin) and bob; and after each test, a
 * check that the browser's console holds no error. Subclasses say how the web layer is served.
 */
abstract class BrowserTestBase {
  protected static Chromium chromium;

  protected TaskManager manager;
  protected SteppedTasks types;
  protected UserTasks alice;
  protected UserTasks bob;
  protected DashboardPage page;
  protected WebDriver driver;

  /** Starts the web layer over {@code manager} and returns the dashboard's URL. */
  abstract URI startServer(TaskManager manager, UserResolver resolver) throws Exception;

  abstract void stopServer() throws Exception;

  /** "standalone" or "mounted": names the screenshots. */
  abstract String variant();

  @BeforeAll
  static void startBrowser() {
    chromium = Chromium.start(); // no browser: the test fails here, it never skips
  }

  @AfterAll
  static void closeBrowser() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void startManagerAndServer() throws Exception {
    types = new SteppedTasks();
    manager = TaskManager.builder()
        .executor(LocalExecutor.threads(4))
        .register(types.stepped, types.quick, types.broken)
        .pollInterval(Duration.ofMillis(20))
        .heartbeatInterval(Duration.ofMillis(100)) // a stop reaches a running task at once
        .build();
    alice = manager.forUser("alice");
    bob = manager.forUser("bob");
    URI dashboard =
        startServer(manager, UserResolver.development(List.of("alice", "bob"), Set.of("alice")));
    driver = chromium.driver;
    page = new DashboardPage(driver, dashboard);
    chromium.consoleErrors(); // drop what an earlier test left in the log
  }

  @AfterEach
  void noConsoleErrorsThenStop() throws Exception {
    try {
      assertThat(chromium.consoleErrors()).as("browser console errors").isEmpty();
    } finally {
      // leave the page first: its timers and pushed events must not call a stopped server
      // while the next test's log is read
      driver.get("about:blank");
      types.release(1_000); // let stepped tasks end, so the manager closes at once
      stopServer();
      manager.close();
    }
  }
}
