package io.btmanager.web.internal;

/**
 * A request the API answers with an RFC 9457 problem: the HTTP status, a stable code, a message for
 * a person and, for bad input, the field and what is accepted.
 */
final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;
  final String field;
  final String accepted;
  final long retryAfterSeconds;

  ApiProblem(int status, String code, String detail) {
    this(status, code, detail, null, null, -1);
  }

  ApiProblem(
      int status, String code, String detail, String field, String accepted, long retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.accepted = accepted;
    this.retryAfterSeconds = retryAfter;
  }

  static ApiProblem badInput(String code, String field, String problem, String accepted) {
    return new ApiProblem(
        400, code, field + ": " + problem + "; accepted: " + accepted, field, accepted, -1);
  }

  static ApiProblem notFound(String what, String id) {
    return new ApiProblem(404, "not-found", "no " + what + " with id '" + id + "'");
  }
}
