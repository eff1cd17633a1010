package io.btmanager.core.memory;

/**
 * A Fenwick tree (binary indexed tree) of int counts over the indices {@code [0, capacity)}: adding
 * to one count and summing a prefix both take O(log capacity). Not thread-safe; its owner guards it.
 */
final class Fenwick {

  /** 1-based: {@code tree[i]} sums the counts of {@code (i - lowbit(i), i]}. */
  private int[] tree;

  Fenwick(int capacity) {
    tree = new int[capacity + 1];
  }

  int capacity() {
    return tree.length - 1;
  }

  /** Adds {@code delta} to the count at {@code index}. */
  void add(int index, int delta) {
    for (int i = index + 1; i < tree.length; i += i & -i) {
      tree[i] += delta;
    }
  }

  /** The sum of the counts at the indices {@code [0, index)}. */
  int prefix(int index) {
    int sum = 0;
    for (int i = index; i > 0; i -= i & -i) {
      sum += tree[i];
    }
    return sum;
  }

  /**
   * Starts over with {@code capacity} indices whose counts are {@code counts[0..n)} (zero beyond), in
   * O(capacity).
   */
  void rebuild(int capacity, int[] counts, int n) {
    tree = new int[capacity + 1];
    for (int i = 0; i < n; i++) {
      tree[i + 1] = counts[i];
    }
    for (int i = 1; i <= capacity; i++) {
      int parent = i + (i & -i);
      if (parent <= capacity) {
        tree[parent] += tree[i];
      }
    }
  }
}
