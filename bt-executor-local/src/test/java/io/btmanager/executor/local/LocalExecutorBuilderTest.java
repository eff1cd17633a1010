package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.TaskRunner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

  @Test
  void eachBuildIsAnIndependentExecutorAndALaterSettingChangesNoneBuiltBefore() {
    LocalExecutorBuilder builder = LocalExecutor.builder().threads(2).threadNamePrefix("first-");
    LocalExecutor first = builder.build();
    LocalExecutor second = builder.threads(3).threadNamePrefix("second-").build();

    assertThat(first).isNotSameAs(second);
    assertThat(first.concurrency()).isEqualTo(2);
    assertThat(second.concurrency()).isEqualTo(3);
    first.shutdown(Duration.ZERO);
    second.start(new IdleRunner("node-b"));
    try {
      assertThat(threadsNamed("second-")).hasSize(4); // three workers and the dispatcher
      assertThatThrownBy(() -> first.start(new IdleRunner("node-a")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("shut down");
    } finally {
      second.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aStartThatFailsLeavesNoThreadAndTheExecutorCanStillStart() {
    LocalExecutor executor =
        LocalExecutor.builder().threads(2).threadNamePrefix("failing-").build();
    TaskRunner broken = new IdleRunner("node-a") {
      @Override
      public String nodeId() {
        throw new IllegalStateException("the runner is not ready");
      }
    };

    assertThatThrownBy(() -> executor.start(broken)).hasMessage("the runner is not ready");
    Waits.until(() -> assertThat(threadsNamed("failing-")).isEmpty());

    executor.start(new IdleRunner("node-a"));
    try {
      assertThat(threadsNamed("failing-")).hasSize(3);
    } finally {
      executor.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void aPollIntervalThatIsNotPositiveIsRefusedAtStartNamingIt() {
    for (Duration poll : new Duration[] {null, Duration.ZERO, Duration.ofMillis(-1)}) {
      TaskRunner runner = new IdleRunner("node-a") {
        @Override
        public Duration pollInterval() {
          return poll;
        }
      };
      assertThatThrownBy(() -> LocalExecutor.threads(1).start(runner))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("runner.pollInterval: was " + poll + "; accepted: a positive duration");
    }
    assertThatThrownBy(() -> LocalExecutor.threads(1).shutdown(null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("timeout: was null; accepted: zero or a positive duration");
  }

  private static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .toList();
  }

  /** A runner with nothing to run. */
  private static class IdleRunner implements TaskRunner {
    private final String node;

    IdleRunner(String node) {
      this.node = node;
    }

    @Override
    public String nodeId() {
      return node;
    }

    @Override
    public Duration pollInterval() {
      return Duration.ofMillis(50);
    }

    @Override
    public List<ClaimedTask> claim(int max) {
      return List.of();
    }

    @Override
    public void run(ClaimedTask task) {}

    @Override
    public Optional<ClaimedTask> runAndClaimNext(ClaimedTask task) {
      run(task);
      return Optional.empty();
    }

    @Override
    public void heartbeat() {}

    @Override
    public void sweep() {}

    @Override
    public void fireDueSchedules() {}
  }
}
