package io.btmanager.web.internal;

import java.util.List;

/**
 * One route of the API: a method, a path template ({@code /tasks/{id}}), what it needs of the
 * user, and its handler. A stream route (push) is served by the servlet itself, never in a batch.
 */
record Route(String method, String template, Need need, Handler handler) {

  /** What a route needs of the user beyond being signed in. */
  enum Need {
    READ,
    WRITE,
    ADMIN_READ,
    ADMIN_WRITE,
    STREAM,
    ADMIN_STREAM,
    PUBLIC
  }

  @FunctionalInterface
  interface Handler {
    Reply handle(Call call);
  }

  /** The template's segments ({@code tasks}, {@code {id}}, ...). */
  List<String> segments() {
    return List.of(template.substring(1).split("/"));
  }

  boolean admin() {
    return need == Need.ADMIN_READ || need == Need.ADMIN_WRITE || need == Need.ADMIN_STREAM;
  }

  /** A push stream, served by the servlet itself. */
  boolean stream() {
    return need == Need.STREAM || need == Need.ADMIN_STREAM;
  }

  boolean writes() {
    return need == Need.WRITE || need == Need.ADMIN_WRITE;
  }
}
