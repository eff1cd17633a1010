package io.btmanager.core.spi;

/**
 * What a store can do beyond the contract every store keeps, each flag meaning one thing. Declared,
 * never discovered by {@code instanceof}: the core and the contract suites in {@code bt-testkit}
 * consult these flags and nothing else.
 *
 * @param survivesRestart tasks, configurations and schedule entries outlive the process: a submit
 *     that returned is still there after the host (or the whole machine) restarts
 * @param sharedAcrossNodes several managers in several processes can use the store at once; claims,
 *     dedup and occurrence firing stay exact across them
 * @param batchesCommits a commit costs enough (a disk flush, a network round trip) that the core
 *     should share one between the workers of a node: it switches on group commit of turns ({@link
 *     WorkQueue#completeAndClaim}) and run-ahead of short tasks
 * @param changeFeed the store carries task changes from node to node ({@link ChangeFeed})
 * @param filtersQueries the store answers {@link TaskRecords#query} itself (filter, collapse
 *     duplicate groups, sort, page); when false the core reads {@link TaskRecords#tasksOf} and
 *     evaluates the query with its own evaluator
 */
public record StoreCapabilities(
    boolean survivesRestart,
    boolean sharedAcrossNodes,
    boolean batchesCommits,
    boolean changeFeed,
    boolean filtersQueries) {

  /** A store that lives in one process, is gone with it, and answers queries itself. */
  public static final StoreCapabilities IN_PROCESS =
      builder().filtersQueries(true).build();

  /** A builder with every capability off. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sets capabilities by name; every one starts off. */
  public static final class Builder {
    private boolean survivesRestart;
    private boolean sharedAcrossNodes;
    private boolean batchesCommits;
    private boolean changeFeed;
    private boolean filtersQueries;

    private Builder() {}

    public Builder survivesRestart(boolean on) {
      this.survivesRestart = on;
      return this;
    }

    public Builder sharedAcrossNodes(boolean on) {
      this.sharedAcrossNodes = on;
      return this;
    }

    public Builder batchesCommits(boolean on) {
      this.batchesCommits = on;
      return this;
    }

    public Builder changeFeed(boolean on) {
      this.changeFeed = on;
      return this;
    }

    public Builder filtersQueries(boolean on) {
      this.filtersQueries = on;
      return this;
    }

    public StoreCapabilities build() {
      return new StoreCapabilities(
          survivesRestart, sharedAcrossNodes, batchesCommits, changeFeed, filtersQueries);
    }
  }
}
