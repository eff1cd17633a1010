package io.btmanager.core.task;

import java.util.Objects;

/**
 * How far a running task has come: {@code done} of {@code total} units, with a message for a person.
 *
 * @param done units finished, {@code 0 <= done <= total}
 * @param total units in all, at least 1
 * @param message what the task is doing now, never null (may be empty)
 */
public record Progress(long done, long total, String message) {

  /** No progress reported yet. */
  public static final Progress NONE = new Progress(0, 1, "");

  public Progress {
    Objects.requireNonNull(message, "message");
    if (total < 1) {
      throw new IllegalArgumentException("progress total must be at least 1, was " + total);
    }
    if (done < 0 || done > total) {
      throw new IllegalArgumentException(
          "progress done must be between 0 and total (" + total + "), was " + done);
    }
  }

  /** The fraction done, from 0.0 to 1.0. */
  public double fraction() {
    return (double) done / total;
  }

  /** The percentage done, rounded down, from 0 to 100. */
  public int percent() {
    return (int) (done * 100 / total);
  }
}
