package io.btmanager.executor.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.spi.ClaimedTask;
import io.btmanager.core.spi.RunnerSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalExecutorMaintenanceTest extends ExecutorTestSupport {
  private static final Duration NEVER = Duration.ofHours(1);
  private static final Duration OFTEN = Duration.ofMillis(10);

  @Test
  void heartbeatsSweepsAndSchedulesAreCalledAtTheirIntervals() {
    FakeRunner runner = new FakeRunner(new RunnerSettings(NEVER, OFTEN, OFTEN, OFTEN));
    start(LocalExecutor.threads(1), runner);

    Waits.until(() -> {
      assertThat(runner.heartbeats.get()).isGreaterThanOrEqualTo(3);
      assertThat(runner.sweeps.get()).isGreaterThanOrEqualTo(3);
      assertThat(runner.scheduleFirings.get()).isGreaterThanOrEqualTo(3);
    });
  }

  @Test
  void sweepsAndSchedulesRunOnceAtStartHeartbeatsWaitAnInterval() {
    FakeRunner runner = new FakeRunner(new RunnerSettings(NEVER, NEVER, NEVER, NEVER));
    start(LocalExecutor.threads(1), runner);

    Waits.until(() -> {
      assertThat(runner.sweeps).hasValue(1);
      assertThat(runner.scheduleFirings).hasValue(1);
    });
    assertThat(runner.heartbeats).hasValue(0);
  }

  @Test
  void aCallThatThrowsIsCalledAgain() {
    AtomicInteger failedBeats = new AtomicInteger();
    AtomicInteger failedSweeps = new AtomicInteger();
    FakeRunner runner = new FakeRunner(new RunnerSettings(NEVER, OFTEN, OFTEN, NEVER)) {
      @Override
      public void heartbeat() {
        failedBeats.incrementAndGet();
        throw new IllegalStateException("heartbeat failed on purpose");
      }

      @Override
      public void sweep() {
        failedSweeps.incrementAndGet();
        throw new IllegalStateException("sweep failed on purpose");
      }
    };
    start(LocalExecutor.threads(1), runner);

    Waits.until(() -> {
      assertThat(failedBeats.get()).isGreaterThanOrEqualTo(3);
      assertThat(failedSweeps.get()).isGreaterThanOrEqualTo(3);
    });
  }

  @Test
  void aClaimThatThrowsDoesNotStopTheDispatcher() {
    AtomicInteger failures = new AtomicInteger();
    FakeRunner runner = new FakeRunner(OFTEN) {
      @Override
      public List<ClaimedTask> claim(int max) {
        if (failures.incrementAndGet() <= 2) {
          throw new IllegalStateException("store down on purpose");
        }
        return super.claim(max);
      }
    };
    runner.add("after-outage");
    start(LocalExecutor.threads(1), runner);

    Waits.until(() -> assertThat(runner.finished).containsExactly("after-outage"));
  }
}
