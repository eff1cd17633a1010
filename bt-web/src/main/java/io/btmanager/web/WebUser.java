package io.btmanager.web;

import io.btmanager.core.exception.InvalidInputException;

/**
 * Who a request comes from, as the host's {@link UserResolver} says.
 *
 * @param name the user's name: the owner name the manager's user view takes
 * @param admin whether the user may use the admin routes (every user's tasks)
 */
public record WebUser(String name, boolean admin) {
  public WebUser {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new InvalidInputException(
          "name", "is '" + name + "'", "a non-blank user name of at most 200 characters");
    }
  }
}
