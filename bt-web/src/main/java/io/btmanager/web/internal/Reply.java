package io.btmanager.web.internal;

/**
 * What a route answers: a status, a JSON body (null for none) and, for a created resource, its path
 * relative to the API base.
 */
record Reply(int status, Object body, String location) {
  static Reply ok(Object body) {
    return new Reply(200, body, null);
  }

  static Reply created(String location, Object body) {
    return new Reply(201, body, location);
  }

  static Reply noContent() {
    return new Reply(204, null, null);
  }
}
