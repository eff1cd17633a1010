package io.btmanager.core.task;

/** How urgent a task is. Higher priorities are claimed first; within a priority, the oldest first. */
public enum Priority {
  LOW,
  MEDIUM,
  HIGH;

  /** A number that grows with urgency: LOW 0, MEDIUM 1, HIGH 2 (what stores sort on). */
  public int weight() {
    return ordinal();
  }

  /** The priority of a {@link #weight()}. */
  public static Priority ofWeight(int weight) {
    return values()[weight];
  }
}
