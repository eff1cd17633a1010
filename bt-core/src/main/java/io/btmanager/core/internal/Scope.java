package io.btmanager.core.internal;

import io.btmanager.core.spi.StoredTask;

/**
 * Whose view a call is made through (rule 1): a user sees only tasks that list them as an owner;
 * the admin scope ({@code user == null}) sees every task.
 */
public record Scope(String user) {
  public static final Scope ADMIN = new Scope(null);

  /** The scope of one user. */
  public static Scope of(String user) {
    return new Scope(Limits.user(user));
  }

  public boolean isAdmin() {
    return user == null;
  }

  /** True when this scope may see the task. */
  public boolean sees(StoredTask t) {
    return t != null && (user == null || t.owners().contains(user));
  }

  /** True when this scope may see what {@code owner} owns (a configuration, a schedule entry). */
  public boolean sees(String owner) {
    return user == null || user.equals(owner);
  }
}
