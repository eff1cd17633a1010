package io.btmanager.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.core.exception.InvalidInputException;
import io.btmanager.core.query.TaskQuery;
import io.btmanager.core.query.TaskSort;
import io.btmanager.core.task.TaskState;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** A {@link TaskQuery} from a listing's query parameters or a bulk call's {@code query} object. */
final class Queries {
  static final int DEFAULT_PAGE = 50;
  private static final Set<String> FILTER = Set.of(
      "state",
      "type",
      "createdFrom",
      "createdTo",
      "finishedFrom",
      "finishedTo",
      "ranFrom",
      "ranTo");
  private static final String STATES = Arrays.toString(TaskState.values());

  private Queries() {}

  /** The listing of {@code GET /tasks}: filters, sort, order, page, collapse. */
  static TaskQuery listing(Call call) {
    List<String> states = call.queryAll("state");
    List<String> types = call.queryAll("type");
    TaskQuery q = filtered(
        states,
        types,
        instant(call, "createdFrom"),
        instant(call, "createdTo"),
        instant(call, "finishedFrom"),
        instant(call, "finishedTo"),
        instant(call, "ranFrom"),
        instant(call, "ranTo"),
        "");
    String sort = call.queryOne("sort");
    String order = call.queryOne("order");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw ApiProblem.badInput("invalid-input", "order", "is '" + order + "'", "asc or desc");
    }
    q = q.sortBy(sort(sort), order == null || order.equals("desc"));
    String offset = call.queryOne("offset");
    String limit = call.queryOne("limit");
    int max = call.settings().maxPageSize();
    q = q.page(
        offset == null ? 0 : Params.integer("offset", offset, 0, Integer.MAX_VALUE),
        limit == null ? Math.min(DEFAULT_PAGE, max) : Params.integer("limit", limit, 1, max));
    String collapse = call.queryOne("collapse");
    if (collapse != null && !collapse.equals("true") && !collapse.equals("false")) {
      throw ApiProblem.badInput(
          "invalid-input", "collapse", "is '" + collapse + "'", "true or false");
    }
    return "true".equals(collapse) ? q.collapseDuplicates() : q;
  }

  /** The {@code query} object of a bulk call. */
  static TaskQuery filter(JsonNode node) {
    Body b = Body.of(node, FILTER, "query.");
    List<String> states = b.strings("state");
    List<String> types = b.strings("type");
    return filtered(
        states == null ? List.of() : states,
        types == null ? List.of() : types,
        b.instant("createdFrom"),
        b.instant("createdTo"),
        b.instant("finishedFrom"),
        b.instant("finishedTo"),
        b.instant("ranFrom"),
        b.instant("ranTo"),
        "query.");
  }

  private static TaskQuery filtered(
      List<String> states,
      List<String> types,
      Instant createdFrom,
      Instant createdTo,
      Instant finishedFrom,
      Instant finishedTo,
      Instant ranFrom,
      Instant ranTo,
      String prefix) {
    TaskState[] s = states.stream().map(x -> state(prefix, x)).toArray(TaskState[]::new);
    try {
      return TaskQuery.mine()
          .state(s)
          .type(types.toArray(String[]::new))
          .createdBetween(createdFrom, createdTo)
          .finishedBetween(finishedFrom, finishedTo)
          .ranBetween(ranFrom, ranTo);
    } catch (InvalidInputException e) {
      throw ApiProblem.badInput("invalid-input", prefix + e.field(), "is wrong", e.accepted());
    }
  }

  private static TaskState state(String prefix, String s) {
    try {
      return TaskState.valueOf(s);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badInput("invalid-input", prefix + "state", "is '" + s + "'", STATES);
    }
  }

  private static TaskSort sort(String s) {
    if (s == null) {
      return TaskSort.CREATED_AT;
    }
    return switch (s) {
      case "createdAt" -> TaskSort.CREATED_AT;
      case "finishedAt" -> TaskSort.FINISHED_AT;
      case "priority" -> TaskSort.PRIORITY;
      case "name" -> TaskSort.NAME;
      default ->
        throw ApiProblem.badInput(
            "invalid-input", "sort", "is '" + s + "'", "createdAt, finishedAt, priority or name");
    };
  }

  private static Instant instant(Call call, String name) {
    String s = call.queryOne(name);
    return s == null ? null : Params.instant(name, s);
  }
}
