package io.btmanager.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.btmanager.core.TaskManager;
import io.btmanager.core.definition.RetryPolicy;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The builders of the manager, of task types and of retry policies refuse nulls and out-of-range
 * values.
 */
abstract class BadInputBuildersContract extends BadInputArea {
  @Test
  void theManagersBuilderRefusesNullsAndBuildsOnce() {
    refused("store", () -> TaskManager.builder().store(null));
    refused("executor", () -> TaskManager.builder().executor(null));
    refused("clock", () -> TaskManager.builder().clock((Clock) null));
    refused("types", () -> TaskManager.builder().register((TaskDefinition<?, ?>[]) null));
    refused("types", () -> TaskManager.builder().register(ok, null));
    refused("register", () -> TaskManager.builder().register(ok, ok));
    refused("nodeId", () -> TaskManager.builder().nodeId(NUL));
    refused(
        "leaseDuration",
        () -> TaskManager.builder().leaseDuration(Duration.ofSeconds(Long.MAX_VALUE)));
    refused("maxArgumentBytes", () -> TaskManager.builder().maxArgumentBytes(0));
    refused("maxResultBytes", () -> TaskManager.builder().maxResultBytes(-1));

    TaskManager.Builder b =
        TaskManager.builder().store(ManagerFixtures.keptOpen(store)).register(ok);
    managers.add(b.build());
    refused("builder", b::build);
    refused("builder", () -> b.register(other));
  }

  @Test
  void taskTypesAndRetryPoliciesRefuseNullsAndOutOfRange() {
    refused("name", () -> TaskDefinition.of("Not Valid", Args.class));
    refused("name", () -> TaskDefinition.of(null, Args.class));
    refused("argumentType", () -> TaskDefinition.of("x", null));
    refused("resultType", () -> TaskDefinition.of("x", Args.class, null));
    var builder = TaskDefinition.of("x", Args.class);
    refused("handler", () -> builder.handler(null));
    refused("retry", () -> builder.retry(null));
    refused("advisor", () -> builder.advisor(null));
    refused("priority", () -> builder.defaultPriority(null));
    refused("timeout", () -> builder.timeout(null));
    refused("handler", builder::build);
    refused("maxAttempts", () -> RetryPolicy.exponential(0, Duration.ofSeconds(1)));
    refused("initialDelay", () -> RetryPolicy.exponential(3, null));
    refused("initialDelay", () -> RetryPolicy.exponential(3, Duration.ofSeconds(Long.MAX_VALUE)));
    RetryPolicy policy = RetryPolicy.exponential(3, Duration.ofSeconds(1));
    refused("types", () -> policy.retryOn((Class<? extends Throwable>[]) null));
    refused("types", () -> policy.retryOn(IllegalStateException.class, null));
    refused("retryOn", () -> policy.retryOn((Predicate<Throwable>) null));
    refused("maxDelay", () -> policy.withMaxDelay(null));
    refused("jitter", () -> policy.withJitter(1.5));
    assertThat(policy
            .retryOn(IllegalStateException.class, IllegalStateException.class)
            .shouldRetry(1, new IllegalStateException()))
        .isTrue();
  }
}
