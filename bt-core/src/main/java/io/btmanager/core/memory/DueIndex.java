package io.btmanager.core.memory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * SCHEDULED tasks not yet promoted to the run queue, ordered by due time then seq, so finding the
 * due ones never scans the others. Lock-free; callers hold the cell's monitor when adding or
 * removing its entry.
 */
final class DueIndex {

  private final ConcurrentSkipListMap<Key, TaskCell> byDueTime = new ConcurrentSkipListMap<>();

  void add(Instant dueAt, long seq, TaskCell cell) {
    byDueTime.put(new Key(dueAt, seq), cell);
  }

  void remove(Instant dueAt, long seq) {
    byDueTime.remove(new Key(dueAt, seq));
  }

  /** Removes the entry only if it is still {@code key} to {@code cell}. */
  void remove(Key key, TaskCell cell) {
    byDueTime.remove(key, cell);
  }

  /** The earliest entry, or null. */
  Map.Entry<Key, TaskCell> first() {
    return byDueTime.firstEntry();
  }

  int size() {
    return byDueTime.size();
  }

  /** The position of one entry: due time, then seq. */
  record Key(Instant dueAt, long seq) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byTime = dueAt.compareTo(other.dueAt);
      return byTime != 0 ? byTime : Long.compare(seq, other.seq);
    }
  }
}
