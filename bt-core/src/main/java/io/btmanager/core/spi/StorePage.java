package io.btmanager.core.spi;

import java.util.List;
import java.util.Map;

/**
 * One page of {@link TaskStore#query}.
 *
 * @param tasks the page's tasks in the query's order
 * @param total how many rows the whole (collapsed, when asked) listing has
 * @param groupSizes with {@code collapsed}: for each finished task on the page, its dedup
 *     key mapped to the number of matching finished tasks in its group; empty otherwise
 */
public record StorePage(List<StoredTask> tasks, long total, Map<String, Integer> groupSizes) {
  public StorePage {
    tasks = List.copyOf(tasks);
    groupSizes = Map.copyOf(groupSizes);
  }
}
