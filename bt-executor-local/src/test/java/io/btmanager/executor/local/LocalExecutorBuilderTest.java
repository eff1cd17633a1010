package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.RunnerSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalExecutorBuilderTest extends ExecutorTestSupport {

  @Test
  void threadsMustBeBetweenOneAndTheMaximum() {
    assertThatThrownBy(() -> LocalExecutor.threads(0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("threads: was 0; accepted: 1 to 10000");
    assertThatThrownBy(() -> LocalExecutor.builder().threads(10_001))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("threads: was 10001; accepted: 1 to 10000");
    assertThatThrownBy(() -> LocalExecutor.virtualThreads(-3))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("threads: was -3; accepted: 1 to 10000");
  }

  @Test
  void claimBatchMustBeBetweenOneAndTheMaximum() {
    assertThatThrownBy(() -> LocalExecutor.builder().claimBatch(0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("claimBatch: was 0; accepted: 1 to 1000")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("claimBatch");
  }

  @Test
  void shutdownGraceMustBeZeroOrPositive() {
    assertThatThrownBy(() -> LocalExecutor.builder().shutdownGrace(Duration.ofMillis(-1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("shutdownGrace: was PT-0.001S; accepted: zero or a positive duration");
    assertThatThrownBy(() -> LocalExecutor.builder().shutdownGrace(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("shutdownGrace: was null; accepted: zero or a positive duration");
    assertThatCode(() -> LocalExecutor.builder().shutdownGrace(Duration.ZERO).build())
        .doesNotThrowAnyException();
  }

  @Test
  void threadNamePrefixMustBeShortAndNotBlank() {
    assertThatThrownBy(() -> LocalExecutor.builder().threadNamePrefix(" "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "threadNamePrefix: was ' '; accepted: a non-blank text of at most 100 " + "characters");
    assertThatThrownBy(() -> LocalExecutor.builder().threadNamePrefix(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("threadNamePrefix: was null;");
    assertThatThrownBy(() -> LocalExecutor.builder().threadNamePrefix("x".repeat(101)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("threadNamePrefix: was 'xxx");
  }

  @Test
  void startRefusesMissingOrNonPositiveSettings() {
    Duration s = Duration.ofSeconds(1);
    assertThatThrownBy(() -> LocalExecutor.threads(1).start(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("runner: was null");
    assertThatThrownBy(() -> LocalExecutor.threads(1)
            .start(new FakeRunner(new RunnerSettings(Duration.ZERO, s, s, s))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("settings.pollInterval: was PT0S; accepted: a positive duration");
    assertThatThrownBy(
            () -> LocalExecutor.threads(1).start(new FakeRunner(new RunnerSettings(s, s, null, s))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("settings.sweepInterval: was null; accepted: a positive duration");
  }

  @Test
  void virtualThreadsRunTasksOnJava21OrSayWhichJavaThisIs() throws Exception {
    if (Runtime.version().feature() < 21) {
      assertThatThrownBy(() -> LocalExecutor.virtualThreads(4))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("virtual threads need Java 21 or later")
          .hasMessageContaining("this JVM is Java " + Runtime.version());
      assertThatThrownBy(() -> LocalExecutor.builder().virtualThreads(true))
          .isInstanceOf(InvalidInputException.class);
      assertThatCode(() -> LocalExecutor.builder().virtualThreads(false).build())
          .doesNotThrowAnyException();
      return;
    }
    FakeRunner runner = new FakeRunner(Duration.ofHours(1)).addMany("v", 100);
    start(
        LocalExecutor.builder()
            .threads(8)
            .virtualThreads(true)
            .threadNamePrefix("vt-")
            .build(),
        runner);

    Waits.until(() -> assertThat(runner.finished).hasSize(100));
    Thread any = runner.runThreads.iterator().next();
    assertThat(Thread.class.getMethod("isVirtual").invoke(any)).isEqualTo(true);
    assertThat(any.getName()).startsWith("vt-");
    assertThat(runner.maxOutstanding.get()).isLessThanOrEqualTo(8);
  }
}
