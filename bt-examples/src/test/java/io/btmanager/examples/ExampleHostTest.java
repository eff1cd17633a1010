package io.btmanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the README's main job once and checks that every part of its story still shows. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExampleHostTest {
  private static String out;

  @BeforeAll
  static void runTheStory() throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ExampleHost.run(print);
    }
    out = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void dedupJoinsBobToAlicesTask() {
    assertThat(out)
        .contains("1. Deduplication")
        .containsPattern("alice submits render-video .* -> task (\\w{8}), created")
        .containsPattern("bob   submits render-video .* -> task \\w{8}, joined")
        .contains("with 2 owners: alice, bob");
  }

  @Test
  void queuePositionsPutHighFirst() {
    assertThat(out)
        .contains("2. Queue positions", "queue position")
        .containsPattern("Thumbnail a.png +alice +LOW +PENDING +2")
        .containsPattern("Thumbnail b.png +bob +MEDIUM +PENDING +1")
        .containsPattern("Thumbnail c.png +alice +HIGH +PENDING +0");
  }

  @Test
  void progressShowsPercentAndEta() {
    assertThat(out)
        .contains("3. Progress and ETA")
        .containsPattern("20%  downloading c.png +ETA in \\d+\\.\\d s")
        .containsPattern("80%  sharpening c.png +ETA in \\d+\\.\\d s")
        .contains("start order: c.png (HIGH), then b.png (MEDIUM), then a.png (LOW)");
  }

  @Test
  void failureCarriesTheAdvisorsWords() {
    assertThat(out)
        .contains("4. A failure, explained")
        .contains("FAILED after attempt 1 of 3 allowed")
        .contains("summary     The image is too large to import: panorama.tiff is 212 MB")
        .contains("what to do  Export it at a lower resolution or as JPEG")
        .contains("retryable   no");
  }

  @Test
  void retryShowsBothAttemptsAndTheHistory() {
    assertThat(out)
        .contains("5. A retry")
        .contains("attempt 1 of 3 started", "attempt 2 of 3 started")
        .containsPattern("attempt 1 failed: .* -> retry in")
        .contains("attempt 2 succeeded")
        .containsPattern("1 +FAILED .*IOException: connection reset")
        .containsPattern("2 +SUCCEEDED ");
  }

  @Test
  void sharedStopDetachesAndLastDeletePurges() {
    assertThat(out)
        .contains("6. Shared stop and delete")
        .containsPattern("alice stops .* -> DETACHED")
        .containsPattern("bob still has it +-> RUNNING, owners: bob")
        .containsPattern("alice looks for it +-> not found")
        .containsPattern("deletes it +-> DELETED")
        .containsPattern("the admin looks for it +-> not found");
  }

  @Test
  void scheduleFiresAndAnOverlappingFiringJoins() {
    assertThat(out)
        .contains("7. A schedule entry")
        .containsPattern("firing 1 at \\+\\d\\.\\d s -> created task")
        .containsPattern("firing 2 at \\+\\d\\.\\d s -> joined task .*no second copy")
        .containsPattern("firing \\d at \\+\\d\\.\\d s -> created task")
        .contains("entry deleted; its last task ended SUCCEEDED");
  }

  @Test
  void configurationInUseIsKeptThenDeletedWhenUnused() {
    assertThat(out)
        .contains("8. A configuration reused")
        .contains("arguments {\"quality\":\"1080p\",\"video\":\"party.mp4\"}")
        .contains("ConfigurationInUseException: configuration '")
        .contains("is used by an active task")
        .contains("deleteUnused() removes \"Old 480p preset\"")
        .contains("once the task finished, deleteUnused() removes \"Holiday render 1080p\"");
  }

  @Test
  void summaryListsEveryRemainingTask() {
    assertThat(out)
        .contains("9. Every task, as the admin sees it")
        .containsPattern("id +type +name +state +owners +attempts")
        .containsPattern("upload-image +Upload c.png +SUCCEEDED +bob +2/3")
        .containsPattern("fetch-image +Import panorama +FAILED +alice +1/3")
        .doesNotContain("ERROR", "Exception in thread");
  }
}
