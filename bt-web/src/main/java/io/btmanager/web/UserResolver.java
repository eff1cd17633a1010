package io.btmanager.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Says who a request comes from: the host's authentication, never the client's word. Empty means
 * no user: the API answers 401. Called on every request and WebSocket handshake; must be
 * thread-safe and quick.
 */
@FunctionalInterface
public interface UserResolver {

  /** The user of {@code request}, or empty when it carries none. */
  Optional<WebUser> resolve(HttpServletRequest request);

  /**
   * The users a client may switch between by the cookie {@value #DEV_COOKIE}: the names given to
   * {@link #development}, empty for every other resolver. The API's {@code GET me} lists them as
   * {@code devUsers} so that a dashboard can offer the switch.
   */
  default List<String> developmentUsers() {
    return List.of();
  }

  /**
   * The container's signed-in user ({@link HttpServletRequest#getUserPrincipal()}), an admin when
   * the container says the user is in {@code adminRole}. The default for a host that mounts the
   * servlet behind its own security.
   */
  static UserResolver containerPrincipal(String adminRole) {
    Objects.requireNonNull(adminRole, "adminRole");
    return request -> {
      Principal p = request.getUserPrincipal();
      if (p == null || p.getName() == null || p.getName().isBlank()) {
        return Optional.empty();
      }
      return Optional.of(new WebUser(p.getName(), request.isUserInRole(adminRole)));
    };
  }

  /**
   * The user named by a header a trusted reverse proxy sets after it authenticated the request
   * (e.g. {@code X-Forwarded-User}), an admin when the comma-separated {@code groupsHeader} lists
   * {@code adminGroup}. Only safe when nothing but the proxy can reach the server: the proxy must
   * strip these headers from what clients send.
   */
  static UserResolver trustedHeader(String userHeader, String groupsHeader, String adminGroup) {
    Objects.requireNonNull(userHeader, "userHeader");
    Objects.requireNonNull(groupsHeader, "groupsHeader");
    Objects.requireNonNull(adminGroup, "adminGroup");
    return request -> {
      String user = request.getHeader(userHeader);
      if (user == null || user.isBlank() || user.length() > 200) {
        return Optional.empty();
      }
      String groups = request.getHeader(groupsHeader);
      boolean admin = groups != null
          && Arrays.stream(groups.split(",")).map(String::trim).anyMatch(adminGroup::equals);
      return Optional.of(new WebUser(user.trim(), admin));
    };
  }

  /** Always the same user: for development and tests on a machine of one's own. */
  static UserResolver fixed(String user, boolean admin) {
    WebUser u = new WebUser(user, admin);
    return request -> Optional.of(u);
  }

  /**
   * For development and demos: any of {@code users}, chosen by the cookie {@value #DEV_COOKIE}
   * (the dashboard's user switch sets it), else the first. Those in {@code admins} are admins.
   * Never for production: anyone can be anyone.
   */
  static UserResolver development(List<String> users, Set<String> admins) {
    List<String> names = List.copyOf(users);
    Set<String> adminNames = Set.copyOf(admins);
    if (names.isEmpty()) {
      throw new IllegalArgumentException("development users: at least one name");
    }
    return new UserResolver() {
      @Override
      public Optional<WebUser> resolve(HttpServletRequest request) {
        String chosen = names.get(0);
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
          for (Cookie c : cookies) {
            if (DEV_COOKIE.equals(c.getName()) && names.contains(c.getValue())) {
              chosen = c.getValue();
            }
          }
        }
        return Optional.of(new WebUser(chosen, adminNames.contains(chosen)));
      }

      @Override
      public List<String> developmentUsers() {
        return names;
      }
    };
  }

  /** The cookie {@link #development} reads the chosen user from. */
  String DEV_COOKIE = "bt-dev-user";
}
