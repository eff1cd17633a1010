package io.btmanager.core.internal;

import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.spi.StoredTask;

/**
 * Whose view a call is made through (rule 1): a user sees only tasks that list them as an owner;
 * the admin scope ({@code user == null}) sees every task.
 */
public record Scope(String user) {
  public static final Scope ADMIN = new Scope(null);
  private static final int MAX_USER = 200;

  /** The scope of one user. */
  public static Scope of(String user) {
    if (user == null || user.isBlank() || user.length() > MAX_USER) {
      throw new InvalidInputException(
          "user",
          user == null ? "is null" : "is '" + user + "'",
          "a non-blank user id of at most " + MAX_USER + " characters");
    }
    return new Scope(user);
  }

  public boolean isAdmin() {
    return user == null;
  }

  /** True when this scope may see the task. */
  public boolean sees(StoredTask t) {
    return t != null && (user == null || t.owners().contains(user));
  }
}
