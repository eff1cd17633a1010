package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidInputException;
import org.junit.jupiter.api.Test;

class LocalExecutorBuilderTest {

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
}
