package io.btmanager.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.StoredTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 11 on the embedded H2 file store: a submit that returned is on disk, even when the JVM dies
 * right after it (defect 1: H2's default write delay kept commits in memory for up to half a
 * second, and a JVM that died within it lost them).
 */
class H2FileDurabilityTest {
  static final String TYPE = "durable-on-return";
  private static final int TASKS = 20;

  @TempDir
  Path dir;

  @Test
  void everyTaskWhoseSubmitReturnedIsThereAfterTheJvmHalts() throws Exception {
    Path file = dir.resolve("tasks");
    List<String> submitted = runChildThatHalts(file);
    assertThat(submitted).hasSize(TASKS);

    try (JdbcTaskStore reopened = JdbcTaskStore.h2(file)) {
      assertThat(reopened.findAll(submitted))
          .as("tasks whose submit returned before the JVM halted")
          .extracting(StoredTask::id)
          .containsExactlyElementsOf(submitted);
    }
  }

  private List<String> runChildThatHalts(Path file) throws IOException, InterruptedException {
    Path log = dir.resolve("child.log");
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            classPath(),
            SubmitThenHaltMain.class.getName(),
            file.toString(),
            String.valueOf(TASKS))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM halts").isTrue();
    } finally {
      child.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    List<String> ids = lines.stream()
        .filter(l -> l.startsWith("submitted "))
        .map(l -> l.substring("submitted ".length()).strip())
        .toList();
    assertThat(ids).as("child output:%n%s", String.join("\n", lines)).hasSize(TASKS);
    return ids;
  }

  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
