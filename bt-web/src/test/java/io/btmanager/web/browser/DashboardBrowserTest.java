package io.btmanager.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Schedule;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser (Debian's headless Chromium), against a real web layer over a
 * real manager: the same tests run against the standalone {@code BtWebServer} and against the
 * servlet mounted in a host's embedded Jetty (the two subclasses). Task progress is driven by the
 * test ({@link SteppedTasks}), never by time. Every test ends by reading the browser's console:
 * an error there fails it ({@link BrowserTestBase}). Editing tasks and the actions on all of a
 * user's tasks are tested in {@link TaskChangesBrowserTest}, which this extends.
 */
abstract class DashboardBrowserTest extends TaskChangesBrowserTest {
  @Test
  void aliceSeesOnlyHerTasks() {
    String hers =
        alice.submit(types.quick, Args.of("a"), o -> o.name("Alice's report")).id();
    String his =
        bob.submit(types.quick, Args.of("b"), o -> o.name("Bob's secret plan")).id();

    page.open("alice", "#/tasks");
    page.row(hers);
    assertThat(page.hasRow(his)).isFalse();
    assertThat(driver.getPageSource()).doesNotContain("Bob's secret plan");

    // the development resolver's users are offered in the header: switch to bob there
    new Select(driver.findElement(By.id("switch-user"))).selectByValue("bob");
    page.until(d -> "bob".equals(page.signedInUser()));
    page.row(his);
    assertThat(page.hasRow(hers)).isFalse();
    assertThat(driver.getPageSource()).doesNotContain("Alice's report");
  }

  @Test
  void progressBarMovesWithNoReload() {
    page.open("alice", "#/tasks");
    page.markLoad();
    String id = alice
        .submit(types.stepped, new Args("film", 4), o -> o.name("Render film"))
        .id();

    page.until(d -> page.progressOf(id) == 0 && "RUNNING".equals(page.stateOf(id)));
    types.release(1);
    page.until(d -> page.progressOf(id) == 25);
    types.release(1);
    page.until(d -> page.progressOf(id) == 50);
    assertThat(page.row(id).getText()).contains("50%", "step 3 of 4");
    types.release(2);
    page.until(d -> "SUCCEEDED".equals(page.stateOf(id)));
    assertThat(page.sameLoad()).as("the page was never reloaded").isTrue();
  }

  @Test
  void bulkStopStopsTheSelectedTasksOnly() {
    List<String> stop = List.of(
        alice.submit(types.stepped, new Args("one", 9)).id(),
        alice.submit(types.stepped, new Args("two", 9)).id(),
        alice.submit(types.stepped, new Args("three", 9)).id());
    String keep =
        alice.submit(types.stepped, new Args("four", 9), o -> o.name("Keep me")).id();
    page.open("alice", "#/tasks");
    page.until(d -> List.of(stop.get(0), stop.get(1), stop.get(2), keep).stream()
        .allMatch(id -> "RUNNING".equals(page.stateOf(id))));

    for (String id : stop) {
      page.clickIn(id, "td.select input");
    }
    assertThat(driver.findElement(By.cssSelector(".bulk-bar .count")).getText())
        .isEqualTo("3 selected");
    driver.findElement(By.id("bulk-stop")).click();

    // running tasks are asked to stop; each ends cancelled at its next step
    String said = page.toast();
    assertThat(said).isEqualTo("3 stopping.");
    page.until(d -> stop.stream().allMatch(id -> "CANCELLED".equals(page.stateOf(id))));
    assertThat(page.stateOf(keep)).isEqualTo("RUNNING");
    assertThat(stop)
        .allSatisfy(id -> assertThat(alice.get(id).state()).isEqualTo(TaskState.CANCELLED));
    assertThat(alice.get(keep).state()).isEqualTo(TaskState.RUNNING);
  }

  @Test
  void withLiveOffTheListRefreshesByHandOrOnATimer() throws InterruptedException {
    page.open("alice", "#/tasks");
    new Select(driver.findElement(By.id("refresh-mode"))).selectByValue("off");
    page.until(d -> "off".equals(page.attr(By.id("connection"), "data-state")));
    assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("Refresh by hand");

    String byHand = alice
        .submit(types.quick, Args.of("h"), o -> o.name("Seen after Refresh"))
        .id();
    alice.awaitFinished(byHand, DashboardPage.WAIT);
    assertThat(page.hasRow(byHand)).as("no push while live updates are off").isFalse();
    driver.findElement(By.id("refresh")).click();
    page.until(d -> "SUCCEEDED".equals(page.stateOf(byHand)));

    new Select(driver.findElement(By.id("refresh-mode"))).selectByValue("5");
    assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("Refreshing every 5 s");
    String byTimer = alice
        .submit(types.quick, Args.of("t"), o -> o.name("Seen on the timer"))
        .id();
    page.until(d -> "SUCCEEDED".equals(page.stateOf(byTimer))); // within 5 s, no click
  }

  @Test
  void aFailedTaskShowsWhatWentWrongAndWhatToDo() {
    page.open("alice", "#/tasks");
    String id = alice
        .submit(types.broken, Args.of("photos.zip"), o -> o.name("Import photos"))
        .id();

    page.until(d -> "FAILED".equals(page.stateOf(id)));
    WebElement advice = page.row(id).findElement(By.cssSelector(".advice"));
    assertThat(advice.getText())
        .contains("The archive is encrypted, so it cannot be imported.")
        .contains(
            "What you can do: Export it again without a password, then run the import again.");
    // the technical detail stays with developers and admins
    assertThat(driver.getPageSource()).doesNotContain("IOException", "is encrypted'");

    page.clickIn(id, "a.task-name");
    page.until(d -> d.findElements(By.cssSelector(".attempts tbody tr")).size() == 1);
    assertThat(driver.findElement(By.cssSelector(".attempts tbody tr")).getText())
        .contains("FAILED", "The archive is encrypted", "Export it again without a password");
  }

  @Test
  void aGroupOfRepeatedRunsCollapsesAndExpands() throws InterruptedException {
    List<String> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) { // the same work three times, one after the other
      String id = alice
          .submit(types.quick, Args.of("nightly"), o -> o.name("Nightly export"))
          .id();
      alice.awaitFinished(id, DashboardPage.WAIT);
      runs.add(id);
    }
    String latest = runs.get(2);
    page.open("alice", "#/tasks");

    WebElement toggle = page.row(latest).findElement(By.cssSelector(".group-toggle"));
    assertThat(toggle.getText()).contains("3 runs");
    assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("false");
    assertThat(page.hasRow(runs.get(0)) || page.hasRow(runs.get(1))).isFalse();

    page.clickIn(latest, ".group-toggle");
    page.until(d -> page.hasRow(runs.get(0)) && page.hasRow(runs.get(1)));
    assertThat(driver.findElements(By.cssSelector("tr.older-run"))).hasSize(2);
    assertThat(page.row(latest)
            .findElement(By.cssSelector(".group-toggle"))
            .getDomAttribute("aria-expanded"))
        .isEqualTo("true");

    page.clickIn(latest, ".group-toggle");
    page.until(d -> !page.hasRow(runs.get(0)) && !page.hasRow(runs.get(1)));
  }

  @Test
  void aTaskCreatedFromTheFormRuns() {
    page.open("alice", "#/new");
    new Select(page.until(d -> d.findElement(By.id("new-source"))))
        .selectByValue("type:" + SteppedTasks.QUICK);
    page.input("Label").sendKeys("from the form");
    page.input("N").sendKeys("3");
    page.input("Name").sendKeys("Made in the browser");
    chromium.screenshot(variant() + "-new-task-light");
    driver.findElement(By.id("new-submit")).click();

    page.until(d -> d.getCurrentUrl().contains("#/task/"));
    page.until(d -> d.findElements(By.cssSelector(".page-head .badge[data-state='SUCCEEDED']"))
            .size()
        == 1);
    page.until(d -> d.findElements(By.id("detail-result")).size() == 1);
    assertThat(driver.findElement(By.id("detail-result")).getText()).contains("done from the form");
    assertThat(alice.list(TaskQuery.mine()).items()).singleElement().satisfies(t -> {
      assertThat(t.name()).isEqualTo("Made in the browser");
      assertThat(t.argumentsJson()).isEqualTo("{\"label\":\"from the form\",\"n\":3}");
      assertThat(t.state()).isEqualTo(TaskState.SUCCEEDED);
    });
  }

  @Test
  void aTaskStartedFromASavedConfigurationRunsWithTheChangedValue() {
    String preset = alice
        .configurations()
        .save(types.quick, "Nightly preset", new Args("preset", 7))
        .id();
    page.open("alice", "#/new/" + preset);
    WebElement label = page.input("Label");
    page.until(d -> "preset".equals(label.getDomProperty("value")));
    label.clear();
    label.sendKeys("changed");
    driver.findElement(By.id("new-submit")).click();

    page.until(d -> d.findElements(By.id("detail-result")).size() == 1);
    assertThat(driver.findElement(By.id("detail-result")).getText()).contains("done changed");
    assertThat(alice.list(TaskQuery.mine()).items()).singleElement().satisfies(t -> {
      assertThat(t.configurationId()).isEqualTo(preset);
      assertThat(t.argumentsJson()).isEqualTo("{\"label\":\"changed\",\"n\":7}");
    });
  }

  @Test
  void configurationsSchedulesAndAllUsersShowTheirData() {
    alice.configurations().save(types.quick, "Nightly preset", Args.of("preset"));
    alice
        .schedules()
        .create(
            types.quick,
            Args.of("hourly"),
            Schedule.everySeconds(3600),
            o -> o.name("Hourly export"));
    String bobs =
        bob.submit(types.quick, Args.of("b"), o -> o.name("Bob's report")).id();

    page.open("alice", "#/configurations");
    page.until(d -> d.findElement(By.tagName("main")).getText().contains("Nightly preset"));
    assertThat(driver.findElement(By.cssSelector("main table")).getText())
        .contains("Nightly preset", "quick", "\"label\": \"preset\"");
    page.open("alice", "#/schedules");
    page.until(d -> d.findElement(By.tagName("main")).getText().contains("Hourly export"));
    assertThat(driver.findElement(By.tagName("main")).getText()).contains("every 3600 s");
    page.open("alice", "#/admin"); // alice is the admin: she sees bob's task, with its owner
    assertThat(page.row(bobs).getText()).contains("Bob's report", "bob");

    page.open("bob", "#/admin"); // bob is not: no such page in his menu, and none served
    assertThat(driver.findElement(By.id("nav-admin")).isDisplayed()).isFalse();
    page.until(d -> d.findElement(By.tagName("main")).getText().contains("for administrators"));
  }

  @Test
  void everyControlHasANameAndTheListWorksFromTheKeyboard() {
    String id = alice
        .submit(types.stepped, new Args("kb", 5), o -> o.name("Keyboard task"))
        .id();
    page.open("alice", "#/tasks");
    page.until(d -> "RUNNING".equals(page.stateOf(id)));

    Object unnamed =
        page.js("return [...document.querySelectorAll('input, select, button, textarea')]"
            + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
            + " && !e.textContent.trim()).map(e => e.outerHTML);");
    assertThat((List<?>) unnamed).as("controls without an accessible name").isEmpty();

    page.until(d -> {
      d.findElement(DashboardPage.rowOf(id))
          .findElement(By.cssSelector("td.select input"))
          .sendKeys(Keys.SPACE);
      return true;
    });
    page.until(d -> d.findElements(By.id("bulk-stop")).size() == 1);
    driver.findElement(By.id("bulk-stop")).sendKeys(Keys.ENTER);
    page.until(d -> "CANCELLED".equals(page.stateOf(id)));
  }

  /**
   * Fifty tasks in every state, one with a very long name and description, one failed with
   * advice, one retrying, a group of repeated runs and progress under way: screenshots of the
   * list in the light and the dark theme, and of a task's detail, go to target/screenshots.
   */
  @Test
  void fiftyTasksLookRightInBothThemes() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      String id = alice
          .submit(types.quick, Args.of("nightly"), o -> o.name("Nightly export"))
          .id();
      alice.awaitFinished(id, DashboardPage.WAIT);
    }
    for (int i = 1; i <= 42; i++) {
      int n = i;
      alice.submit(
          types.quick,
          Args.of("photo-" + n),
          o -> o.name("Thumbnail photo-" + n + ".png")
              .description(n % 4 == 0 ? "For the gallery front page" : ""));
    }
    String failed = alice
        .submit(types.broken, Args.of("scans.zip"), o -> o.name("Import scans"))
        .id();
    String shared = alice
        .submit(
            types.stepped,
            new Args("shared", 10),
            o -> o.name("Render the"
                    + " whole holiday video collection from summer 2024, every clip from the beach, the"
                    + " mountains and the very long road trip back home through three countries")
                .description(
                    "A description as long as the name, to see it clamped after two lines"
                        + " without breaking the table: averyveryveryveryveryveryveryveryveryveryvery"
                        + "veryveryveryveryverylongwordwithoutanyspaces and then some more words after it")
                .link(URI.create("https://photos.example.com/albums/holiday-2024")))
        .id();
    bob.submit(types.stepped, new Args("shared", 10), o -> o.name("Bob's copy")); // joins it
    for (int i = 0; i < 5; i++) {
      alice.submit(types.stepped, new Args("queued-" + i, 3), o -> o.name("Waiting in the queue"));
    }
    types.release(3);
    alice.awaitFinished(failed, DashboardPage.WAIT);

    page.open("alice", "#/tasks");
    page.until(d -> d.findElements(By.cssSelector("tr.task-row")).size() == 50);
    page.until(d -> "RUNNING".equals(page.stateOf(shared)) && page.progressOf(shared) >= 0);
    // six stepped tasks on four threads: the ones still waiting say where they are in the queue
    assertThat(driver.findElements(By.cssSelector("tr[data-state='PENDING'] .queue")))
        .isNotEmpty()
        .allSatisfy(q ->
            assertThat(q.getText()).matches("Next in the queue|\\d+ tasks? ahead in the queue"));
    chromium.screenshot(variant() + "-tasks-light");
    driver.findElement(By.id("theme")).click();
    page.until(d -> "dark".equals(page.attr(By.tagName("html"), "data-theme")));
    chromium.screenshot(variant() + "-tasks-dark");
    page.clickIn(failed, "a.task-name");
    page.until(d -> d.findElements(By.cssSelector(".attempts tbody tr")).size() == 1);
    chromium.screenshot(variant() + "-failed-task-dark");

    // the long name is cut with an ellipsis inside its cell, not wrapped over the other columns
    page.open("alice", "#/tasks");
    WebElement name = page.row(shared).findElement(By.cssSelector("a.task-name"));
    WebElement cell = page.row(shared).findElement(By.cssSelector("td.title"));
    assertThat(name.getSize().getHeight()).isLessThan(30);
    assertThat(name.getRect().getX() + name.getSize().getWidth())
        .isLessThanOrEqualTo(cell.getRect().getX() + cell.getSize().getWidth());
    assertThat(name.getDomAttribute("title")).startsWith("Render the whole holiday video");
  }
}
