package io.btmanager.core.query;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing.
 *
 * @param items the items on this page, in the listing's order
 * @param offset how many items of the listing come before this page
 * @param limit the most items a page holds
 * @param total how many items the whole listing holds
 */
public record Page<T>(List<T> items, int offset, int limit, long total) {
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /** True when items follow this page. */
  public boolean hasNext() {
    return offset + items.size() < total;
  }
}
