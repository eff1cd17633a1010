package io.btmanager.web.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium, driven by Debian's chromedriver. Both paths are set explicitly, so
 * Selenium Manager never looks for (or downloads) a browser or a driver. A machine without them
 * makes {@link #start()} throw: the browser tests fail there, they never skip.
 */
final class Chromium implements AutoCloseable {
  static final Path BROWSER =
      Path.of(System.getenv().getOrDefault("BT_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getenv().getOrDefault("BT_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;

  private Chromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts a fresh headless browser (its own profile: no theme or storage carried over). */
  static Chromium start() {
    for (Path p : List.of(BROWSER, DRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(
            p + " is missing: install Debian's chromium and chromium-driver"
                + " (bash scripts/test-deps.sh installs them) to run the browser tests");
      }
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // the tests may run as root (CI containers)
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1360,900",
        "--force-device-scale-factor=1",
        "--lang=en-GB");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(30))
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Chromium(driver);
  }

  /** What the page wrote to the console at level SEVERE (errors, failed loads, CSP refusals). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }

  /**
   * Saves the whole page, not only the window, as {@code target/screenshots/<name>.png} and
   * returns the path.
   */
  Path screenshot(String name) {
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>)
        driver.executeCdpCommand("Page.getLayoutMetrics", Map.of()).get("cssContentSize");
    Map<String, Object> clip = Map.of(
        "x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
    Map<String, Object> shot = driver.executeCdpCommand(
        "Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    try {
      Files.createDirectories(SCREENSHOTS);
      Path to = SCREENSHOTS.resolve(name + ".png");
      Files.write(to, Base64.getDecoder().decode((String) shot.get("data")));
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
