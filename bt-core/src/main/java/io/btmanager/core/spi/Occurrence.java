package io.btmanager.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One occurrence of a schedule entry, as the core fires it ({@link Catalog#fireOccurrence}).
 *
 * @param entryId the schedule entry
 * @param expectedNextFireAt the entry's {@code nextFireAt} as the core read it: the occurrence fired
 * @param nextFireAt the entry's next occurrence
 * @param firedAt when it fired (the store's clock as the core read it)
 * @param task the task to submit for it, or null when the occurrence is skipped (missed-fire policy
 *     SKIP) or cannot make a task any more (its arguments no longer bind)
 */
public record Occurrence(
    String entryId, Instant expectedNextFireAt, Instant nextFireAt, Instant firedAt, NewTask task) {
  public Occurrence {
    Objects.requireNonNull(entryId, "entryId");
    Objects.requireNonNull(expectedNextFireAt, "expectedNextFireAt");
    Objects.requireNonNull(nextFireAt, "nextFireAt");
    Objects.requireNonNull(firedAt, "firedAt");
  }
}
