package io.btmanager.testkit;

import io.btmanager.core.BulkResult;
import io.btmanager.core.task.Task;
import org.assertj.core.api.Assertions;

/**
 * The entry point to bt-manager's AssertJ assertions. It extends AssertJ's {@link Assertions}, so
 * one static import serves both:
 *
 * <pre>{@code
 * import static io.btmanager.testkit.BtAssertions.assertThat;
 *
 * assertThat(alice.get(id)).hasSucceeded().hasAttempts(1);
 * assertThat(alice.stop(List.of(id))).hasOutcome(id, TaskOutcome.CANCELLED);
 * assertThat(List.of(1, 2)).hasSize(2);   // AssertJ's own
 * }</pre>
 */
public final class BtAssertions extends Assertions {

  private BtAssertions() {}

  /** Assertions on a task snapshot. */
  public static TaskAssert assertThat(Task actual) {
    return new TaskAssert(actual);
  }

  /** Assertions on the result of a bulk call. */
  public static BulkResultAssert assertThat(BulkResult actual) {
    return new BulkResultAssert(actual);
  }
}
