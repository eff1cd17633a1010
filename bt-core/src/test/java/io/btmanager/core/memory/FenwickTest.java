package io.btmanager.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FenwickTest {

  @Test
  void prefixSumsMatchANaiveArrayUnderRandomUpdatesAndRebuilds() {
    Random random = new Random(7);
    int capacity = 37;
    int[] naive = new int[capacity];
    Fenwick fenwick = new Fenwick(capacity);
    for (int round = 0; round < 2_000; round++) {
      int index = random.nextInt(capacity);
      int delta = random.nextInt(11) - 5;
      naive[index] += delta;
      fenwick.add(index, delta);
      if (round % 250 == 0) {
        capacity += 13;
        int[] grown = new int[capacity];
        System.arraycopy(naive, 0, grown, 0, naive.length);
        naive = grown;
        fenwick.rebuild(capacity, naive, naive.length - 13);
      }
      int upTo = random.nextInt(capacity + 1);
      assertThat(fenwick.prefix(upTo)).isEqualTo(naiveSum(naive, upTo));
    }
    assertThat(fenwick.capacity()).isEqualTo(capacity);
    assertThat(fenwick.prefix(capacity)).isEqualTo(naiveSum(naive, capacity));
  }

  private static int naiveSum(int[] counts, int upTo) {
    int sum = 0;
    for (int i = 0; i < upTo; i++) {
      sum += counts[i];
    }
    return sum;
  }
}
