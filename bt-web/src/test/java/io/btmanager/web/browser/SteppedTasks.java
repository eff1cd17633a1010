package io.btmanager.web.browser;

import io.btmanager.core.definition.Advice;
import io.btmanager.core.definition.ErrorAdvisor;
import io.btmanager.core.definition.TaskDefinition;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Task types whose progress the test drives: a {@code stepped} task reports step i of n, then
 * waits for the test to release the next step; nothing in it depends on time.
 */
final class SteppedTasks {
  static final String STEPPED = "stepped";
  static final String QUICK = "quick";
  static final String BROKEN = "broken-import";

  final Semaphore steps = new Semaphore(0);

  /** Reports progress 0..n of {@code args.n()} steps, one more each time the test releases one. */
  final TaskDefinition<Args, String> stepped = TaskDefinition.of(STEPPED, Args.class, String.class)
      .handler((ctx, a) -> {
        for (int i = 0; i < a.n(); i++) {
          ctx.progress(i, a.n(), "step " + (i + 1) + " of " + a.n());
          steps.acquire(); // a stop interrupts this
        }
        return "stepped " + a.label();
      })
      .build();

  /** Returns at once: "done &lt;label&gt;". */
  final TaskDefinition<Args, String> quick = TaskDefinition.of(QUICK, Args.class, String.class)
      .handler((ctx, a) -> "done " + a.label())
      .build();

  /** Fails with advice of its own, and no retry. */
  final TaskDefinition<Args, String> broken = TaskDefinition.of(BROKEN, Args.class, String.class)
      .handler((ctx, a) -> {
        throw new IOException("the archive '" + a.label() + "' is encrypted");
      })
      .advisor(advisor())
      .build();

  private static ErrorAdvisor advisor() {
    return error -> Optional.of(new Advice(
        "The archive is encrypted, so it cannot be imported.",
        "Export it again without a password, then run the import again.",
        false));
  }

  /** Lets every stepped task waiting now (and later) take {@code n} more steps in all. */
  void release(int n) {
    steps.release(n);
  }
}
