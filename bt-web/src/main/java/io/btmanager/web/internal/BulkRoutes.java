package io.btmanager.web.internal;

import static io.btmanager.web.internal.Route.Need.ADMIN_WRITE;
import static io.btmanager.web.internal.Route.Need.WRITE;

import io.btmanager.core.BulkResult;
import io.btmanager.core.TaskOutcome;
import io.btmanager.core.TaskResult;
import io.btmanager.core.TasksView;
import io.btmanager.core.UserTasks;
import io.btmanager.core.query.TaskQuery;
import java.util.List;
import java.util.Set;

/**
 * Get, stop, delete and recreate by ids, by query or all of the user's (rule 9), with a result per
 * task; the admin's get, stop and delete over every user's tasks.
 */
final class BulkRoutes {
  private static final Set<String> FIELDS = Set.of("ids", "query", "all");

  private BulkRoutes() {}

  static List<Route> routes() {
    return List.of(
        new Route("POST", "/tasks/bulk/get", WRITE, c -> run(c, c.tasks(), "get", false)),
        new Route("POST", "/tasks/bulk/stop", WRITE, c -> run(c, c.tasks(), "stop", false)),
        new Route("POST", "/tasks/bulk/delete", WRITE, c -> run(c, c.tasks(), "delete", false)),
        new Route("POST", "/tasks/bulk/recreate", WRITE, c -> run(c, c.tasks(), "recreate", false)),
        new Route("POST", "/admin/tasks/bulk/get", ADMIN_WRITE, c -> run(c, admin(c), "get", true)),
        new Route(
            "POST", "/admin/tasks/bulk/stop", ADMIN_WRITE, c -> run(c, admin(c), "stop", true)),
        new Route(
            "POST",
            "/admin/tasks/bulk/delete",
            ADMIN_WRITE,
            c -> run(c, admin(c), "delete", true)));
  }

  private static TasksView admin(Call c) {
    return c.settings().manager().admin();
  }

  private static Reply run(Call c, TasksView view, String action, boolean admin) {
    Body b = Body.of(c.body(), FIELDS);
    int given = (b.has("ids") ? 1 : 0) + (b.has("query") ? 1 : 0) + (b.has("all") ? 1 : 0);
    if (given != 1) {
      throw b.bad(
          "ids",
          "exactly one of ids, query and all is needed",
          "{\"ids\": [...]}, " + "{\"query\": {...}} or {\"all\": true}");
    }
    List<String> ids = b.strings("ids");
    int max = c.settings().maxIdsPerBulk();
    if (ids != null && ids.size() > max) {
      throw new ApiProblem(
          400,
          "too-many-ids",
          "ids: " + ids.size() + " ids in one call; accepted: at most " + max,
          "ids",
          "at most " + max + " ids",
          -1);
    }
    if (b.has("all") && !Boolean.TRUE.equals(b.bool("all"))) {
      throw b.bad("all", "is not true", "true");
    }
    TaskQuery query =
        ids != null ? null : b.has("query") ? Queries.filter(b.node("query")) : TaskQuery.mine();
    BulkResult result = switch (action) {
      case "get" -> ids != null ? view.get(ids) : found(view, query.page(0, max));
      case "stop" -> ids != null ? view.stop(ids) : view.stop(query);
      case "delete" -> ids != null ? view.delete(ids) : view.delete(query);
      case "recreate" ->
        ids != null ? ((UserTasks) view).recreate(ids) : ((UserTasks) view).recreate(query);
      default -> throw new IllegalArgumentException(action);
    };
    return Reply.ok(TaskJson.bulk(result, admin));
  }

  private static BulkResult found(TasksView view, TaskQuery query) {
    return new BulkResult(view.list(query).items().stream()
        .map(t -> new TaskResult(t.id(), TaskOutcome.FOUND, t))
        .toList());
  }
}
