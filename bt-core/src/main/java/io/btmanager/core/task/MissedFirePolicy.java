package io.btmanager.core.task;

/**
 * What a schedule entry does about occurrences that passed while no node was running (the host was
 * down, or the entry was disabled).
 */
public enum MissedFirePolicy {
  /** Fire once for all the missed occurrences, then continue on schedule. The default. */
  FIRE_ONCE,
  /** Fire nothing for the missed occurrences; continue with the next one in the future. */
  SKIP
}
