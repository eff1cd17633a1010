package io.btmanager.core.memory;

import java.util.Arrays;

/**
 * The waiting items of one priority, ordered by {@code seq}, answering "how many come before this
 * one" in O(log n) without visiting them.
 *
 * <p>Items live in blocks of at most {@code blockSize} slots, each a sorted run of seqs; the blocks
 * are sorted too and sit in {@code blocks[head, tail)}. A {@link Fenwick} tree over block indices
 * counts the items per block, so a rank is the Fenwick prefix of the blocks before the item's block
 * plus the item's offset in its block; both are found by binary search. Appends (new submissions, in
 * seq order) fill the last block; claims take from the first block by advancing its start, and an
 * emptied head block just advances {@code head}. The block array grows by doubling and is compacted
 * when the head has advanced past half of it, so both are amortised O(1). An item that arrives late
 * (a due retry, a released task, a priority change) is inserted at its seq position, splitting a
 * full block; removing from the middle shifts within one block.
 *
 * <p>Not thread-safe: the {@link RunQueue} guards each lane with the lane's monitor.
 *
 * @param <T> the items
 */
final class Lane<T> {

  static final int DEFAULT_BLOCK_SIZE = 512;

  private final int blockSize;
  private Block[] blocks = new Block[4];
  private int head;
  private int tail;
  private final Fenwick counts = new Fenwick(blocks.length);
  private int size;

  Lane() {
    this(DEFAULT_BLOCK_SIZE);
  }

  Lane(int blockSize) {
    if (blockSize < 2) {
      throw new IllegalArgumentException("block size must be at least 2, was " + blockSize);
    }
    this.blockSize = blockSize;
  }

  int size() {
    return size;
  }

  /** The length of the block array: bounded by compaction, exposed for tests. */
  int blockCapacity() {
    return blocks.length;
  }

  /**
   * Adds {@code item} under {@code seq}.
   *
   * @throws IllegalArgumentException if {@code seq} is already in the lane
   */
  void add(long seq, T item) {
    if (head == tail) {
      Block fresh = new Block(blockSize);
      fresh.insert(0, seq, item);
      appendBlock(fresh);
      size++;
      return;
    }
    int b = blockFor(seq);
    if (b == tail) {
      b = tail - 1;
    }
    Block block = blocks[b];
    int pos = Arrays.binarySearch(block.seqs, block.start, block.end, seq);
    if (pos >= 0) {
      throw new IllegalArgumentException("seq " + seq + " is already in the lane");
    }
    pos = -pos - 1;
    if (block.count() == blockSize) {
      if (b == tail - 1 && pos == block.end) {
        Block fresh = new Block(blockSize);
        fresh.insert(fresh.start, seq, item);
        appendBlock(fresh);
        size++;
        return;
      }
      split(b);
      add(seq, item);
      return;
    }
    block.insert(pos, seq, item);
    counts.add(b, 1);
    size++;
  }

  /** Removes the item under {@code seq}; returns it, or null when there was none. */
  T remove(long seq) {
    int b = blockFor(seq);
    if (b == tail) {
      return null;
    }
    Block block = blocks[b];
    int pos = Arrays.binarySearch(block.seqs, block.start, block.end, seq);
    if (pos < 0) {
      return null;
    }
    T item = cast(block.items[pos]);
    block.delete(pos);
    counts.add(b, -1);
    size--;
    if (block.count() == 0) {
      dropEmpty(b);
    }
    return item;
  }

  /** How many items have a smaller seq than {@code seq}, or -1 when {@code seq} is absent. */
  long rank(long seq) {
    int b = blockFor(seq);
    if (b == tail) {
      return -1;
    }
    Block block = blocks[b];
    int pos = Arrays.binarySearch(block.seqs, block.start, block.end, seq);
    return pos < 0 ? -1 : counts.prefix(b) + (pos - block.start);
  }

  /** How many items have a smaller seq than {@code seq}, whether or not {@code seq} is present. */
  long countBefore(long seq) {
    int b = blockFor(seq);
    if (b == tail) {
      return size;
    }
    Block block = blocks[b];
    int pos = Arrays.binarySearch(block.seqs, block.start, block.end, seq);
    return counts.prefix(b) + ((pos < 0 ? -pos - 1 : pos) - block.start);
  }

  /** The smallest seq, or -1 when empty. */
  long firstSeq() {
    return head == tail ? -1 : blocks[head].seqs[blocks[head].start];
  }

  /** The item with the smallest seq, or null when empty. */
  T first() {
    return head == tail ? null : cast(blocks[head].items[blocks[head].start]);
  }

  // ---------------------------------------------------------------- blocks

  /** The first block in {@code [head, tail)} whose last seq is at least {@code seq}, else tail. */
  private int blockFor(long seq) {
    int lo = head;
    int hi = tail;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (blocks[mid].last() < seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void appendBlock(Block block) {
    if (tail == blocks.length) {
      makeRoom();
    }
    blocks[tail] = block;
    counts.add(tail, block.count());
    tail++;
  }

  /** Splits the full block {@code b} into two halves at {@code b} and {@code b + 1}. */
  private void split(int b) {
    if (tail == blocks.length) {
      int shift = head;
      makeRoom();
      b -= shift;
    }
    Block block = blocks[b];
    Block upper = new Block(blockSize);
    int keep = block.count() / 2;
    int moved = block.count() - keep;
    System.arraycopy(block.seqs, block.start + keep, upper.seqs, 0, moved);
    System.arraycopy(block.items, block.start + keep, upper.items, 0, moved);
    Arrays.fill(block.items, block.start + keep, block.end, null);
    upper.end = moved;
    block.end = block.start + keep;
    System.arraycopy(blocks, b + 1, blocks, b + 2, tail - b - 1);
    blocks[b + 1] = upper;
    tail++;
    rebuildCounts();
  }

  private void dropEmpty(int b) {
    if (b == head) {
      blocks[head++] = null;
    } else if (b == tail - 1) {
      blocks[--tail] = null;
    } else {
      System.arraycopy(blocks, b + 1, blocks, b, tail - b - 1);
      blocks[--tail] = null;
      rebuildCounts();
    }
    if (head == tail) {
      head = 0;
      tail = 0;
    }
  }

  /** Frees a slot at the tail: compacts when at most half is live, else doubles. */
  private void makeRoom() {
    int live = tail - head;
    Block[] target = live * 2 <= blocks.length ? blocks : new Block[blocks.length * 2];
    System.arraycopy(blocks, head, target, 0, live);
    if (target == blocks) {
      Arrays.fill(blocks, live, tail, null);
    }
    blocks = target;
    head = 0;
    tail = live;
    rebuildCounts();
  }

  private void rebuildCounts() {
    int[] perBlock = new int[tail];
    for (int i = head; i < tail; i++) {
      perBlock[i] = blocks[i].count();
    }
    counts.rebuild(blocks.length, perBlock, tail);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object item) {
    return (T) item;
  }

  /** A sorted run of seqs and their items in {@code [start, end)} of fixed-size arrays. */
  private static final class Block {
    final long[] seqs;
    final Object[] items;
    int start;
    int end;

    Block(int capacity) {
      seqs = new long[capacity];
      items = new Object[capacity];
    }

    int count() {
      return end - start;
    }

    long last() {
      return seqs[end - 1];
    }

    /** Inserts before position {@code pos}; the block is not full. */
    void insert(int pos, long seq, Object item) {
      if (end < seqs.length) {
        System.arraycopy(seqs, pos, seqs, pos + 1, end - pos);
        System.arraycopy(items, pos, items, pos + 1, end - pos);
        end++;
      } else {
        System.arraycopy(seqs, start, seqs, start - 1, pos - start);
        System.arraycopy(items, start, items, start - 1, pos - start);
        start--;
        pos--;
      }
      seqs[pos] = seq;
      items[pos] = item;
    }

    void delete(int pos) {
      if (pos - start < end - pos - 1) {
        System.arraycopy(seqs, start, seqs, start + 1, pos - start);
        System.arraycopy(items, start, items, start + 1, pos - start);
        items[start++] = null;
      } else {
        System.arraycopy(seqs, pos + 1, seqs, pos, end - pos - 1);
        System.arraycopy(items, pos + 1, items, pos, end - pos - 1);
        items[--end] = null;
      }
    }
  }
}
