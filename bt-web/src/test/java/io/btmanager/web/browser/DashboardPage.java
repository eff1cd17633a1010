package io.btmanager.web.browser;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard as a test drives it: sign in as a demo user, find rows, wait for the page. */
final class DashboardPage {
  static final Duration WAIT = Duration.ofSeconds(15);

  private final WebDriver driver;
  private final URI dashboard;

  DashboardPage(WebDriver driver, URI dashboard) {
    this.driver = driver;
    this.dashboard = dashboard;
  }

  /**
   * Opens {@code route} (e.g. "#/tasks") as {@code user}, chosen by the development resolver's
   * cookie, with the page's saved settings cleared, and waits until the live connection is up.
   */
  void open(String user, String route) {
    if (driver.getCurrentUrl().startsWith(dashboard.toString())) {
      driver.get("about:blank"); // a new route on the same page would not load it again
    }
    String origin = dashboard.resolve("/").toString();
    cdp(
        "Storage.clearDataForOrigin",
        Map.of(
            "origin",
            origin.substring(0, origin.length() - 1),
            "storageTypes",
            "cookies,local_storage,session_storage"));
    cdp("Network.setCookie", Map.of("name", "bt-dev-user", "value", user, "url", origin));
    driver.get(dashboard + route);
    until(d -> user.equals(signedInUser()));
    until(d -> "live".equals(attr(By.id("connection"), "data-state")));
  }

  String signedInUser() {
    List<WebElement> select = driver.findElements(By.id("switch-user"));
    if (!select.isEmpty()) {
      return select.get(0).getDomProperty("value");
    }
    return driver.findElement(By.id("whoami")).getText();
  }

  /** The row of a task in the table, waiting for it to appear. */
  WebElement row(String taskId) {
    return until(d -> d.findElements(rowOf(taskId)).stream().findFirst().orElse(null));
  }

  /** Clicks {@code css} inside the task's row, again if the row was redrawn meanwhile. */
  void clickIn(String taskId, String css) {
    until(d -> {
      d.findElement(By.cssSelector("tr[data-id='" + taskId + "'] " + css)).click();
      return true;
    });
  }

  static By rowOf(String taskId) {
    return By.cssSelector("tr[data-id='" + taskId + "']");
  }

  boolean hasRow(String taskId) {
    return !driver.findElements(rowOf(taskId)).isEmpty();
  }

  /** The state the row shows (data-state, e.g. RUNNING), or null when the row is absent. */
  String stateOf(String taskId) {
    // read in one script: the page redraws rows as events arrive, a found element may go stale
    return (String) js("const r = document.querySelector(\"tr[data-id='" + taskId + "']\");"
        + " return r ? r.dataset.state : null;");
  }

  /** The value of the row's progress bar (0..100), or -1 when it shows none. */
  int progressOf(String taskId) {
    Object value = js("const p = document.querySelector(\"tr[data-id='" + taskId + "'] progress\");"
        + " return p ? p.value : -1;");
    return ((Number) value).intValue();
  }

  /** Marks this page load; {@link #sameLoad()} is false after any reload or navigation away. */
  void markLoad() {
    js("window.btTestLoadMark = 'still here';");
  }

  boolean sameLoad() {
    return "still here".equals(js("return window.btTestLoadMark;"));
  }

  String attr(By by, String attribute) {
    List<WebElement> found = driver.findElements(by);
    return found.isEmpty() ? null : found.get(0).getDomAttribute(attribute);
  }

  private void cdp(String command, Map<String, Object> parameters) {
    ((ChromiumDriver) driver).executeCdpCommand(command, parameters);
  }

  Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  <T> T until(ExpectedCondition<T> condition) {
    return new WebDriverWait(driver, WAIT)
        .ignoring(StaleElementReferenceException.class) // a row redrawn while it was read
        .until(condition);
  }

  /** The form control a visible label names. */
  WebElement input(String label) {
    WebElement l = until(d -> d.findElements(By.tagName("label")).stream()
        .filter(e -> e.getText().replace("*", "").strip().equals(label))
        .findFirst()
        .orElse(null));
    return driver.findElement(By.id(l.getDomAttribute("for")));
  }

  /** The toast's sentence, once one shows. */
  String toast() {
    return until(d -> {
      String text = d.findElement(By.id("toast")).getText();
      return text.isEmpty() ? null : text;
    });
  }
}
