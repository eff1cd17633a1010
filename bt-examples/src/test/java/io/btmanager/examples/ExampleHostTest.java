package io.btmanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's main job with {@code --once} twice on one H2 file, as a user running it twice would, and checks
 * that every part of its story still shows in both runs, and that the second run starts with the
 * first run's tasks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExampleHostTest {
  @TempDir
  static Path dir;

  private static String first;
  private static String second;

  @BeforeAll
  static void runTheStoryTwice() throws Exception {
    Path file = dir.resolve("tasks");
    first = run(file);
    second = run(file);
  }

  /** The main job with --once, as the README's command runs it but printing here. */
  private static String run(Path h2File) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ExampleHost.start(print, "--once", "--h2", h2File.toString());
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The story's checks hold on the first run (empty store) and the second (earlier tasks). */
  private static void eachRun(Consumer<String> checks) {
    assertThat(List.of(first, second)).allSatisfy(checks::accept);
  }

  /** The part of {@code out} from section 0 up to section 1. */
  private static String earlier(String out) {
    int from = out.indexOf("0. From earlier runs");
    int to = out.indexOf("1. Deduplication");
    assertThat(from).as("section 0 before section 1").isNotNegative().isLessThan(to);
    return out.substring(from, to);
  }

  @Test
  void firstRunFindsNothingEarlier() {
    assertThat(earlier(first))
        .contains("0. From earlier runs (stored in " + dir.resolve("tasks") + ".mv.db)")
        .contains("nothing yet: this is the first run on this store")
        .doesNotContain("interrupted", "SUCCEEDED");
  }

  @Test
  void secondRunListsTheFirstRunsTasksGroupedWithTheirAttempts() {
    assertThat(earlier(second))
        .contains("0. From earlier runs (stored in " + dir.resolve("tasks") + ".mv.db)")
        .doesNotContain("nothing yet", "interrupted")
        .contains("alice's finished tasks", "bob's finished tasks")
        .containsPattern("task +state +runs +latest finished +its attempts")
        .containsPattern("Render trailer +SUCCEEDED +x1 +\\S+ \\S+ +#1 SUCCEEDED \\d+ ms")
        .containsPattern("Thumbnail a.png +SUCCEEDED +x1 ")
        .containsPattern("Thumbnail b.png +SUCCEEDED +x1 ")
        .containsPattern("Thumbnail c.png +SUCCEEDED +x1 ")
        .containsPattern("Import panorama +FAILED +x1 .*#1 FAILED \\d+ ms")
        .containsPattern("Upload c.png +SUCCEEDED +x1 .*#1 FAILED \\d+ ms, #2 SUCCEEDED \\d+ ms")
        // the schedule entry created (at least) two sync tasks: one group, listed once
        .containsPattern("Sync holiday album +SUCCEEDED +x[2-9] ")
        .containsPattern("Render party video +SUCCEEDED +x1 ")
        .containsOnlyOnce("Sync holiday album")
        .doesNotContain("Render holiday video");
  }

  @Test
  void dedupJoinsBobToAlicesTask() {
    eachRun(out -> assertThat(out)
        .contains("1. Deduplication")
        .containsPattern("alice submits render-video .* -> task (\\w{8}), created")
        .containsPattern("bob   submits render-video .* -> task \\w{8}, joined")
        .contains("with 2 owners: alice, bob"));
  }

  @Test
  void queuePositionsPutHighFirst() {
    eachRun(out -> assertThat(out)
        .contains("2. Queue positions", "queue position")
        .containsPattern("Thumbnail a.png +alice +LOW +PENDING +2")
        .containsPattern("Thumbnail b.png +bob +MEDIUM +PENDING +1")
        .containsPattern("Thumbnail c.png +alice +HIGH +PENDING +0"));
  }

  @Test
  void progressShowsPercentAndEta() {
    eachRun(out -> assertThat(out)
        .contains("3. Progress and ETA")
        .containsPattern("20%  downloading c.png +ETA in \\d+\\.\\d s")
        .containsPattern("80%  sharpening c.png +ETA in \\d+\\.\\d s")
        .contains("start order: c.png (HIGH), then b.png (MEDIUM), then a.png (LOW)"));
  }

  @Test
  void failureCarriesTheAdvisorsWords() {
    eachRun(out -> assertThat(out)
        .contains("4. A failure, explained")
        .contains("FAILED after attempt 1 of 3 allowed")
        .contains("summary     The image is too large to import: panorama.tiff is 212 MB")
        .contains("what to do  Export it at a lower resolution or as JPEG")
        .contains("retryable   no"));
  }

  @Test
  void retryShowsBothAttemptsAndTheHistory() {
    eachRun(out -> assertThat(out)
        .contains("5. A retry")
        .contains("attempt 1 of 3 started", "attempt 2 of 3 started")
        .containsPattern("attempt 1 failed: .* -> retry in")
        .contains("attempt 2 succeeded")
        .containsPattern("1 +FAILED .*IOException: connection reset")
        .containsPattern("2 +SUCCEEDED "));
  }

  @Test
  void sharedStopDetachesAndLastDeletePurges() {
    eachRun(out -> assertThat(out)
        .contains("6. Shared stop and delete")
        .containsPattern("alice stops .* -> DETACHED")
        .containsPattern("bob still has it +-> RUNNING, owners: bob")
        .containsPattern("alice looks for it +-> not found")
        .containsPattern("deletes it +-> DELETED")
        .containsPattern("the admin looks for it +-> not found"));
  }

  @Test
  void scheduleFiresAndAnOverlappingFiringJoins() {
    eachRun(out -> assertThat(out)
        .contains("7. A schedule entry")
        .containsPattern("firing 1 at \\+\\d\\.\\d s -> created task")
        .containsPattern("firing 2 at \\+\\d\\.\\d s -> joined task .*no second copy")
        .containsPattern("firing \\d at \\+\\d\\.\\d s -> created task")
        .contains("entry deleted; its last task ended SUCCEEDED"));
  }

  @Test
  void configurationInUseIsKeptThenDeletedWhenUnused() {
    eachRun(out -> assertThat(out)
        .contains("8. A configuration reused")
        .contains("arguments {\"quality\":\"1080p\",\"video\":\"party.mp4\"}")
        .contains("ConfigurationInUseException: configuration '")
        .contains("is used by an active task")
        .contains("deleteUnused() removes \"Old 480p preset\"")
        .contains("once the task finished, deleteUnused() removes \"Holiday render 1080p\""));
  }

  @Test
  void summaryListsEveryTaskOfTheRun() {
    eachRun(out -> assertThat(out)
        .contains("9. Every task")
        .containsPattern("id +type +name +state +owners +attempts")
        .containsPattern("upload-image +Upload c.png +SUCCEEDED +bob +2/3")
        .containsPattern("fetch-image +Import panorama +FAILED +alice +1/3")
        .doesNotContain("ERROR", "Exception in thread"));
    // this run's tasks only: the first run's are listed in section 0 of the second, not here
    String summary = second.substring(second.indexOf("9. Every task"));
    assertThat(summary).containsOnlyOnce("Upload c.png").containsOnlyOnce("Import panorama");
    // each row's short id tells its task apart from the others made in the same second
    List<String> shortIds = summary
        .lines()
        .filter(l -> l.matches(" +[0-9a-f]{8} +[a-z-]+ +.*"))
        .map(l -> l.strip().substring(0, 8))
        .toList();
    assertThat(shortIds).hasSizeGreaterThan(5).doesNotHaveDuplicates();
  }
}
