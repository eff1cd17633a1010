package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.btmanager.core.event.TaskEvent;
import java.time.Instant;

/**
 * One message of a push stream, the same on WebSocket (a text frame of {@code json}) and SSE
 * ({@code event: type}, {@code id: id}, {@code data: json}).
 *
 * @param type hello, task, ping or reset
 * @param id a task message's event id (to resume from), else null
 * @param json the message
 */
record PushMessage(String type, String id, String json) {

  /** A task event; the admin's view shows owners, error detail and who joined or left. */
  static PushMessage task(String id, TaskEvent e, String user, boolean admin) {
    ObjectNode n = Mapper.object();
    n.put("type", "task");
    n.put("id", id);
    n.put("kind", e.kind().name());
    n.put("taskId", e.taskId());
    n.putPOJO("task", TaskJson.task(e.task(), admin));
    if (e.user() != null) {
      n.put("self", e.user().equals(user));
      if (admin) {
        n.put("user", e.user());
      }
    }
    n.put("at", e.at().toString());
    return new PushMessage("task", id, Mapper.text(n));
  }

  static PushMessage hello(String user, boolean resumed) {
    ObjectNode n = Mapper.object();
    n.put("type", "hello");
    n.put("user", user);
    n.put("resumed", resumed);
    return new PushMessage("hello", null, Mapper.text(n));
  }

  static PushMessage ping(Instant at) {
    ObjectNode n = Mapper.object();
    n.put("type", "ping");
    n.put("at", at.toString());
    return new PushMessage("ping", null, Mapper.text(n));
  }

  static PushMessage reset(String reason) {
    ObjectNode n = Mapper.object();
    n.put("type", "reset");
    n.put("reason", reason);
    return new PushMessage("reset", null, Mapper.text(n));
  }

  /** The message as one Server-Sent Event. */
  String sse() {
    StringBuilder b = new StringBuilder(json.length() + 48);
    b.append("event: ").append(type).append('\n');
    if (id != null) {
      b.append("id: ").append(id).append('\n');
    }
    return b.append("data: ").append(json).append("\n\n").toString();
  }
}
