package io.btmanager.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.executor.quartz.QuartzExecutor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The main job's story with {@code --quartz}: the same story, its tasks on Quartz's threads. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExampleHostQuartzTest {

  @Test
  void theStoryRunsOnQuartz(@TempDir Path dir) throws InterruptedException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      ExampleHost.run(print, Storage.h2(dir.resolve("tasks")), () -> QuartzExecutor.threads(2));
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("nothing yet: this is the first run on this store")
        .containsPattern("alice submits render-video .* -> task (\\w{8}), created")
        .containsPattern("bob   submits render-video .* -> task \\w{8}, joined")
        .contains("with 2 owners: alice, bob", "2. Queue positions");
  }
}
