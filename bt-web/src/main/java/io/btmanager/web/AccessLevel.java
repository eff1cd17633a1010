package io.btmanager.web;

/** What a user may do through the web. */
public enum AccessLevel {
  /** Read and change the user's own tasks, configurations and schedule entries. */
  FULL,
  /** Read only: every unsafe method answers 403 with the code {@code read-only}. */
  READ_ONLY,
  /** Nothing: every API route and stream answers 403. */
  NONE
}
