package io.btmanager.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Priority;
import io.btmanager.core.task.Task;
import io.btmanager.core.task.TaskState;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's changes to tasks, in the browser and from the keyboard: the form that edits a
 * task's name, description, link and priority, and the actions on all of the user's tasks with
 * their confirmation. Part of {@link DashboardBrowserTest}, run against both ways of serving.
 */
abstract class TaskChangesBrowserTest extends BrowserTestBase {

  @Test
  void aTasksNameDescriptionLinkAndPriorityAreEditedFromTheKeyboard() {
    String id = alice
        .submit(
            types.quick,
            Args.of("q3"),
            o -> o.name("Monthly report")
                .description("Sales of the month")
                .startAt(Instant.now().plus(Duration.ofHours(1)))) // waits: priority may change
        .id();
    page.open("alice", "#/task/" + id);
    page.until(d -> d.findElement(By.id("detail-edit"))).sendKeys(Keys.ENTER);

    WebElement name = page.input("Name");
    page.until(d -> name.equals(d.switchTo().activeElement())); // the form opens at its first field
    assertThat(name.getDomProperty("value")).isEqualTo("Monthly report");
    assertThat(page.input("Description").getDomProperty("value")).isEqualTo("Sales of the month");
    name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Quarterly report");
    WebElement description = page.input("Description");
    description.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Sales of the quarter, by region");
    page.input("Link").sendKeys("ftp://files.example.com/q3.pdf");
    new Select(page.input("Priority")).selectByValue("HIGH");
    name.sendKeys(Keys.ENTER); // submits the form

    // the server refuses the link: said beside the field, and nothing is changed
    WebElement linkError =
        page.until(d -> d.findElements(By.cssSelector("#edit-form .field-error")).stream()
            .filter(WebElement::isDisplayed)
            .findFirst()
            .orElse(null));
    assertThat(linkError.getText()).contains("http");
    assertThat(page.input("Link").getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(alice.get(id).name()).isEqualTo("Monthly report");
    // the browser logs the refused request (400): that one is expected, and the only one
    assertThat(chromium.consoleErrors())
        .singleElement()
        .asString()
        .contains("/tasks/" + id, "400 (Bad Request)");
    chromium.screenshot(variant() + "-edit-task-refused-light");

    WebElement link = page.input("Link");
    link.sendKeys(Keys.chord(Keys.CONTROL, "a"), "https://reports.example.com/q3");
    link.sendKeys(Keys.ENTER);
    assertThat(page.toast()).isEqualTo("Saved your changes.");
    page.until(d -> d.findElements(By.id("edit-form")).isEmpty());
    page.until(d ->
        "Quarterly report".equals(d.findElement(By.cssSelector(".detail-name")).getText()));
    assertThat(driver.findElement(By.cssSelector(".detail-description")).getText())
        .isEqualTo("Sales of the quarter, by region");
    Task t = alice.get(id);
    assertThat(t.name()).isEqualTo("Quarterly report");
    assertThat(t.description()).isEqualTo("Sales of the quarter, by region");
    assertThat(t.link()).isEqualTo(URI.create("https://reports.example.com/q3"));
    assertThat(t.priority()).isEqualTo(Priority.HIGH);

    // in the dark theme; Escape closes the form without a change and gives the focus back
    driver.findElement(By.id("theme")).click();
    page.until(d -> "dark".equals(page.attr(By.tagName("html"), "data-theme")));
    driver.findElement(By.id("detail-edit")).sendKeys(Keys.ENTER);
    WebElement again = page.input("Name");
    page.until(d -> again.equals(d.switchTo().activeElement()));
    assertThat(page.input("Link").getDomProperty("value"))
        .isEqualTo("https://reports.example.com/q3");
    chromium.screenshot(variant() + "-edit-task-dark");
    again.sendKeys(" (draft)", Keys.ESCAPE);
    page.until(d -> d.findElements(By.id("edit-form")).isEmpty());
    page.until(d -> "detail-edit".equals(d.switchTo().activeElement().getDomAttribute("id")));
    assertThat(alice.get(id).name()).isEqualTo("Quarterly report");
  }

  @Test
  void allOfMineStopsRunsAgainAndDeletesEveryTaskOfMineOnlyAfterAConfirmation()
      throws InterruptedException {
    List<String> running = List.of(
        alice.submit(types.stepped, new Args("one", 9), o -> o.name("First")).id(),
        alice.submit(types.stepped, new Args("two", 9), o -> o.name("Second")).id(),
        alice.submit(types.stepped, new Args("three", 9), o -> o.name("Third")).id());
    String done =
        alice.submit(types.quick, Args.of("done"), o -> o.name("Done already")).id();
    alice.awaitFinished(done, DashboardPage.WAIT);
    String bobs =
        bob.submit(types.stepped, new Args("bob", 9), o -> o.name("Bob's")).id();
    page.open("alice", "#/tasks");
    page.until(d -> running.stream().allMatch(id -> "RUNNING".equals(page.stateOf(id))));

    // from the keyboard: open the panel (focus on its first action), ask to stop, change mind
    driver.findElement(By.id("all-mine-toggle")).sendKeys(Keys.ENTER);
    page.until(d -> "all-mine-stop".equals(focused()));
    active().sendKeys(Keys.ENTER);
    page.until(d -> "all-mine-confirm".equals(focused()));
    assertThat(driver.findElement(By.id("all-mine-question")).getText())
        .isEqualTo("Stop all 3 of your unfinished tasks?");
    chromium.screenshot(variant() + "-all-mine-confirm-light");
    driver.findElement(By.id("all-mine-keep")).sendKeys(Keys.ENTER);
    page.until(d -> "all-mine-stop".equals(focused()));
    assertThat(running).allSatisfy(id -> assertThat(page.stateOf(id)).isEqualTo("RUNNING"));

    active().sendKeys(Keys.ENTER);
    page.until(d -> "all-mine-confirm".equals(focused()));
    active().sendKeys(Keys.ENTER);
    assertThat(page.toast()).isEqualTo("1 already finished, 3 stopping.");
    page.until(d -> running.stream().allMatch(id -> "CANCELLED".equals(page.stateOf(id))));
    assertThat(bob.get(bobs).state()).isEqualTo(TaskState.RUNNING);

    // every finished task of hers runs again: the three stopped and the one done
    clickAll("recreate", "Run all 4 of your finished tasks again?", "4 started again.");
    page.until(d -> alice.list(TaskQuery.mine()).total() == 8);
    assertThat(alice.list(TaskQuery.mine().active()).total()).isGreaterThanOrEqualTo(3);

    driver.findElement(By.id("theme")).click();
    page.until(d -> "dark".equals(page.attr(By.tagName("html"), "data-theme")));
    driver.findElement(By.id("all-mine-toggle")).click();
    page.until(d -> d.findElement(By.id("all-mine-delete")).isDisplayed());
    driver.findElement(By.id("all-mine-delete")).click();
    page.until(d -> d.findElements(By.id("all-mine-question")).size() == 1);
    assertThat(driver.findElement(By.id("all-mine-question")).getText())
        .startsWith("Delete all 8 of your tasks?");
    chromium.screenshot(variant() + "-all-mine-delete-dark");
    driver.findElement(By.id("all-mine-confirm")).click();
    page.until(d -> "8 deleted.".equals(d.findElement(By.id("toast")).getText()));
    page.until(d -> d.findElements(By.cssSelector("tr.empty")).size() == 1);
    assertThat(alice.list(TaskQuery.mine()).total()).isZero();
    assertThat(bob.get(bobs).state()).isEqualTo(TaskState.RUNNING); // bob's stays his
  }

  private void clickAll(String action, String question, String said) {
    driver.findElement(By.id("all-mine-toggle")).click();
    page.until(d -> d.findElement(By.id("all-mine-" + action)).isDisplayed());
    driver.findElement(By.id("all-mine-" + action)).click();
    page.until(d -> d.findElements(By.id("all-mine-question")).size() == 1);
    assertThat(driver.findElement(By.id("all-mine-question")).getText()).isEqualTo(question);
    driver.findElement(By.id("all-mine-confirm")).click();
    page.until(d -> said.equals(d.findElement(By.id("toast")).getText()));
  }

  private WebElement active() {
    return driver.switchTo().activeElement();
  }

  private String focused() {
    return active().getDomAttribute("id");
  }
}
