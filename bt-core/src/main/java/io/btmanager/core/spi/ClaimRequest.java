package io.btmanager.core.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What a node asks of {@link WorkQueue#claim}.
 *
 * @param node the claiming node, the lease owner
 * @param max the most tasks to claim, 0 or more
 * @param lease how long the lease lasts from the store's now
 * @param types the task types this node can run (it claims nothing else), not empty when {@code
 *     max > 0}
 */
public record ClaimRequest(String node, int max, Duration lease, Set<String> types) {
  public ClaimRequest {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(lease, "lease");
    types = Set.copyOf(types);
    if (max < 0) {
      throw new IllegalArgumentException("max is " + max + "; 0 or more");
    }
  }

  /** The same request for {@code n} tasks. */
  public ClaimRequest withMax(int n) {
    return new ClaimRequest(node, n, lease, types);
  }
}
