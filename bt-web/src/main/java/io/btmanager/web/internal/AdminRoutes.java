package io.btmanager.web.internal;

import static io.btmanager.web.internal.Route.Need.ADMIN_READ;
import static io.btmanager.web.internal.Route.Need.ADMIN_WRITE;

import io.btmanager.core.AdminTasks;
import java.util.List;

/** Every user's tasks through {@code admin()}: owners and technical error detail shown. */
final class AdminRoutes {
  private AdminRoutes() {}

  static List<Route> routes() {
    return List.of(
        new Route(
            "GET",
            "/admin/tasks",
            ADMIN_READ,
            c -> Reply.ok(TaskJson.page(admin(c).list(Queries.listing(c)), true))),
        new Route(
            "GET",
            "/admin/tasks/{id}",
            ADMIN_READ,
            c -> Reply.ok(TaskJson.task(admin(c).get(c.param("id")), true))),
        new Route(
            "GET",
            "/admin/tasks/{id}/executions",
            ADMIN_READ,
            c -> Reply.ok(Mapper.JSON
                .createArrayNode()
                .addAll(admin(c).executions(c.param("id")).stream()
                    .map(e -> TaskJson.execution(e, true))
                    .toList()))),
        new Route(
            "POST",
            "/admin/tasks/{id}/stop",
            ADMIN_WRITE,
            c -> adminSingle(admin(c).stop(c.param("id")))),
        new Route(
            "DELETE",
            "/admin/tasks/{id}",
            ADMIN_WRITE,
            c -> adminSingle(admin(c).delete(c.param("id")))));
  }

  private static AdminTasks admin(Call c) {
    return c.settings().manager().admin();
  }

  private static Reply adminSingle(io.btmanager.core.TaskResult r) {
    if (r.outcome() == io.btmanager.core.TaskOutcome.NOT_FOUND) {
      throw ApiProblem.notFound("task", r.taskId());
    }
    return Reply.ok(TaskJson.result(r, true));
  }
}
