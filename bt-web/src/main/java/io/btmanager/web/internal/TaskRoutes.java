package io.btmanager.web.internal;

import static io.btmanager.web.internal.Route.Need.READ;
import static io.btmanager.web.internal.Route.Need.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.btmanager.core.SubmitOptions;
import io.btmanager.core.Submitted;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.UserTasks;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.task.Task;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** A user's tasks one at a time: list, get, submit, edit, stop, delete, recreate, result. */
final class TaskRoutes {
  private static final Set<String> SUBMIT = Set.of(
      "type",
      "arguments",
      "configurationId",
      "overrides",
      "name",
      "description",
      "priority",
      "link",
      "startAt");
  private static final Set<String> EDIT = Set.of("name", "description", "link", "priority");

  private TaskRoutes() {}

  static List<Route> routes() {
    return List.of(
        new Route(
            "GET",
            "/tasks",
            READ,
            c -> Reply.ok(TaskJson.page(c.tasks().list(Queries.listing(c)), false))),
        new Route("POST", "/tasks", WRITE, TaskRoutes::submit),
        new Route(
            "GET",
            "/tasks/{id}",
            READ,
            c -> Reply.ok(TaskJson.task(c.tasks().get(c.param("id")), false))),
        new Route("PATCH", "/tasks/{id}", WRITE, TaskRoutes::edit),
        new Route("DELETE", "/tasks/{id}", WRITE, c -> single(c.tasks().delete(c.param("id")))),
        new Route("POST", "/tasks/{id}/stop", WRITE, c -> single(c.tasks().stop(c.param("id")))),
        new Route(
            "POST", "/tasks/{id}/recreate", WRITE, c -> single(c.tasks().recreate(c.param("id")))),
        new Route("GET", "/tasks/{id}/result", READ, TaskRoutes::result),
        new Route(
            "GET",
            "/tasks/{id}/executions",
            READ,
            c -> Reply.ok(Mapper.JSON
                .createArrayNode()
                .addAll(c.tasks().executions(c.param("id")).stream()
                    .map(e -> TaskJson.execution(e, false))
                    .toList()))),
        new Route("GET", "/tasks/{id}/group", READ, TaskRoutes::group));
  }

  /** One task's outcome; a task that is not the user's is a 404, as a missing one. */
  static Reply single(TaskResult r) {
    if (r.outcome() == TaskOutcome.NOT_FOUND) {
      throw ApiProblem.notFound("task", r.taskId());
    }
    return Reply.ok(TaskJson.result(r, false));
  }

  private static Reply submit(Call c) {
    Body b = Body.of(c.body(), SUBMIT);
    UserTasks tasks = c.tasks();
    Consumer<SubmitOptions> options = options(b);
    Submitted<Object> s;
    if (b.has("configurationId")) {
      if (b.has("type") || b.has("arguments")) {
        throw b.bad(
            "configurationId",
            "is given with type or arguments",
            "either type and" + " arguments, or configurationId and overrides");
      }
      String id = b.requiredText("configurationId", "a configuration id");
      String type = tasks.configurations().get(id).type();
      requireSubmittable(c, type);
      s = tasks.submitFromConfiguration(id, b.map("overrides"), options);
    } else {
      if (b.has("overrides")) {
        throw b.bad(
            "overrides",
            "is given without configurationId",
            "overrides of a" + " configuration, with configurationId");
      }
      String type = b.requiredText("type", "a registered task type's name (GET types)");
      requireSubmittable(c, type);
      JsonNode args = b.node("arguments");
      s = tasks.submitJson(type, args == null ? null : args.toString(), options);
    }
    ObjectNode body = Mapper.object();
    body.putPOJO("task", TaskJson.task(s.task(), false));
    body.put("joined", s.joined());
    return s.joined() ? Reply.ok(body) : Reply.created("/tasks/" + s.id(), body);
  }

  private static Consumer<SubmitOptions> options(Body b) {
    String name = b.text("name");
    String description = b.text("description");
    var priority = b.priority("priority");
    URI link = b.link("link");
    var startAt = b.instant("startAt");
    return o -> {
      if (name != null) {
        o.name(name);
      }
      if (description != null) {
        o.description(description);
      }
      if (priority != null) {
        o.priority(priority);
      }
      if (link != null) {
        o.link(link);
      }
      if (startAt != null) {
        o.startAt(startAt);
      }
    };
  }

  static void requireSubmittable(Call c, String type) {
    if (!c.settings().submittable(type)) {
      throw new ApiProblem(
          403,
          "type-not-submittable",
          "tasks of type '" + type + "' cannot be submitted here",
          "type",
          "one of " + new java.util.TreeSet<>(c.settings().submittableTypes()),
          -1);
    }
  }

  private static Reply edit(Call c) {
    Body b = Body.of(c.body(), EDIT);
    String name = b.text("name");
    String description = b.text("description");
    var priority = b.priority("priority");
    boolean linkSet = b.has("link");
    URI link = b.link("link");
    Task t = c.tasks().edit(c.param("id"), e -> {
      if (name != null) {
        e.name(name);
      }
      if (description != null) {
        e.description(description);
      }
      if (priority != null) {
        e.priority(priority);
      }
      if (linkSet) {
        e.link(link);
      }
    });
    return Reply.ok(TaskJson.task(t, false));
  }

  private static Reply result(Call c) {
    Task t = c.tasks().get(c.param("id"));
    ObjectNode n = Mapper.object();
    n.put("taskId", t.id());
    n.put("state", t.state().name());
    n.put("available", t.resultJson() != null);
    TaskJson.raw(n, "result", t.resultJson());
    return Reply.ok(n);
  }

  /** The runs of the task's duplicate group the user owns, newest first. */
  private static Reply group(Call c) {
    UserTasks tasks = c.tasks();
    Task t = tasks.get(c.param("id"));
    List<Task> runs =
        tasks.list(TaskQuery.mine().type(t.type()).page(0, TaskQuery.MAX_LIMIT)).items().stream()
            .filter(x -> x.dedupKey().equals(t.dedupKey()))
            .toList();
    return Reply.ok(TaskJson.tasks(runs, false));
  }
}
