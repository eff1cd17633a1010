package io.btmanager.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaneTest {

  @ParameterizedTest(name = "block size {0}")
  @ValueSource(ints = {2, 3, 4, 16, Lane.DEFAULT_BLOCK_SIZE})
  void ranksMatchASortedModelUnderRandomAppendsLateInsertsClaimsAndRemovals(int blockSize) {
    Random random = new Random(20300101L + blockSize);
    Lane<String> lane = new Lane<>(blockSize);
    TreeMap<Long, String> model = new TreeMap<>();
    long nextSeq = 1_000;
    for (int step = 0; step < 20_000; step++) {
      int op = random.nextInt(100);
      if (op < 35) { // a new submission: the highest seq so far
        nextSeq += 1 + random.nextInt(3);
        add(lane, model, nextSeq);
      } else if (op < 50) { // a late arrival: a due retry, a release, a priority change
        long seq = random.nextLong(Math.max(1, nextSeq));
        if (!model.containsKey(seq)) {
          add(lane, model, seq);
        }
      } else if (op < 75) { // a claim takes the head
        Map.Entry<Long, String> head = model.pollFirstEntry();
        assertThat(lane.remove(head == null ? 0 : head.getKey()))
            .isEqualTo(head == null ? null : head.getValue());
      } else if (op < 95 && !model.isEmpty()) { // a cancel or delete frees a slot in the middle
        long seq = randomPresent(model, random);
        assertThat(lane.remove(seq)).isEqualTo(model.remove(seq));
      } else { // removing what is not there changes nothing
        long seq = nextSeq + 1 + random.nextInt(5);
        assertThat(lane.remove(seq)).isNull();
        assertThat(lane.rank(seq)).isEqualTo(-1);
      }
      assertThat(lane.size()).isEqualTo(model.size());
      assertThat(lane.first())
          .isEqualTo(model.isEmpty() ? null : model.firstEntry().getValue());
      assertThat(lane.firstSeq()).isEqualTo(model.isEmpty() ? -1 : model.firstKey());
      if (!model.isEmpty()) {
        long seq = randomPresent(model, random);
        assertThat(lane.rank(seq))
            .as("rank of %d", seq)
            .isEqualTo(model.headMap(seq).size());
      }
      if (step % 2_000 == 0) {
        assertAllRanks(lane, model);
      }
    }
    assertAllRanks(lane, model);
  }

  @Test
  void fifoTrafficKeepsTheBlockArrayBoundedByCompacting() {
    Lane<String> lane = new Lane<>(4);
    long seq = 0;
    for (; seq < 400; seq++) {
      lane.add(seq, "t" + seq);
    }
    int capacityWhenFull = lane.blockCapacity();
    for (long claimed = 0; claimed < 200_000; claimed++, seq++) {
      assertThat(lane.remove(claimed)).isEqualTo("t" + claimed);
      lane.add(seq, "t" + seq);
    }
    assertThat(lane.size()).isEqualTo(400);
    assertThat(lane.rank(seq - 1)).isEqualTo(399);
    assertThat(lane.blockCapacity()).isLessThanOrEqualTo(capacityWhenFull * 2);
  }

  @Test
  void drainingAndRefillingStartsOverCleanly() {
    Lane<String> lane = new Lane<>(3);
    for (int round = 0; round < 3; round++) {
      for (long s = 10; s > 0; s--) {
        lane.add(s + round * 100L, "x");
      }
      assertThat(lane.rank(round * 100L + 10)).isEqualTo(9);
      for (long s = 1; s <= 10; s++) {
        assertThat(lane.remove(s + round * 100L)).isEqualTo("x");
      }
      assertThat(lane.size()).isZero();
      assertThat(lane.first()).isNull();
    }
  }

  @Test
  void refusesASeqTwice() {
    Lane<String> lane = new Lane<>(4);
    lane.add(5, "a");
    assertThatThrownBy(() -> lane.add(5, "b")).isInstanceOf(IllegalArgumentException.class);
    assertThat(lane.size()).isEqualTo(1);
  }

  private static void add(Lane<String> lane, TreeMap<Long, String> model, long seq) {
    String item = "task-" + seq;
    lane.add(seq, item);
    model.put(seq, item);
  }

  private static long randomPresent(TreeMap<Long, String> model, Random random) {
    Long seq = model.ceilingKey(random.nextLong(model.lastKey() + 1));
    return seq == null ? model.lastKey() : seq;
  }

  private static void assertAllRanks(Lane<String> lane, TreeMap<Long, String> model) {
    List<Long> expected = new ArrayList<>(model.keySet());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(lane.rank(expected.get(i))).isEqualTo(i);
    }
  }
}
