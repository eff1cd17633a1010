package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.core.UserTasks;
import io.btmanager.web.WebUser;
import java.util.List;
import java.util.Map;

/**
 * One API call as a route sees it: the user it acts for, the path's parameters, the query and the
 * parsed body (null when there is none).
 */
record Call(
    WebUser user,
    String method,
    String path,
    Map<String, String> pathParams,
    Map<String, List<String>> query,
    JsonNode body,
    WebSettings settings) {

  /** The user's view of the manager: everything a user route does goes through it. */
  UserTasks tasks() {
    return settings.manager().forUser(user.name());
  }

  String param(String name) {
    return pathParams.get(name);
  }

  /** The query parameter's values, comma-separated values split. */
  List<String> queryAll(String name) {
    List<String> v = query.get(name);
    if (v == null) {
      return List.of();
    }
    return v.stream()
        .flatMap(s -> java.util.Arrays.stream(s.split(",")))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  String queryOne(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }
}
