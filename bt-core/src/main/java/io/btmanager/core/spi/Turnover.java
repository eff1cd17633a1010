package io.btmanager.core.spi;

import java.util.List;

/**
 * What {@link TaskStore#completeAndClaim} did: which completions were applied and which tasks were
 * claimed.
 *
 * @param applied per completion, in order: true if applied, false if its lease was lost
 * @param claimed the tasks claimed, in claim order (highest priority, then lowest {@code seq})
 */
public record Turnover(List<Boolean> applied, List<StoredTask> claimed) {

  public Turnover {
    applied = List.copyOf(applied);
    claimed = List.copyOf(claimed);
  }
}
