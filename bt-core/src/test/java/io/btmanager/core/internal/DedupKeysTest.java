package io.btmanager.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ordered ids: what lets every store list configurations and entries in the order made. */
class DedupKeysTest {

  @Test
  void orderedIdsIncreaseAsTextEvenWithinOneMillisecond() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) { // far more than one millisecond's worth
      ids.add(DedupKeys.newOrderedId());
    }

    assertThat(ids).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
    UUID first = UUID.fromString(ids.get(0));
    assertThat(first.version()).isEqualTo(7);
    assertThat(first.variant()).isEqualTo(2);
    long millis = first.getMostSignificantBits() >>> 16;
    assertThat(millis)
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
  }
}
