package io.btmanager.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-made ISO writer says exactly what {@link Instant#toString()} says, for any instant. */
class IsoTimeTest {

  @Test
  void writesWhatInstantToStringWrites() {
    Random random = new Random(7);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      long seconds = min + Math.floorMod(random.nextLong(), max - min + 1);
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1_000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1_000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant t = Instant.ofEpochSecond(seconds, nano);
      assertThat(IsoTime.format(t)).isEqualTo(t.toString());
    }
  }

  @Test
  void edgesAndYearsBeyondFourDigits() {
    for (String s : new String[] {
      "0000-01-01T00:00:00Z",
      "1969-12-31T23:59:59.999999999Z",
      "1970-01-01T00:00:00Z",
      "2000-02-29T12:00:00.100Z",
      "2024-02-29T23:59:59.000001Z",
      "2100-03-01T00:00:00.000000001Z",
      "9999-12-31T23:59:59.999999999Z"
    }) {
      assertThat(IsoTime.format(Instant.parse(s))).isEqualTo(s);
    }
    for (Instant t : new Instant[] {
      Instant.MIN,
      Instant.MAX,
      Instant.parse("+10000-01-01T00:00:00Z"),
      Instant.ofEpochSecond(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond() - 1)
    }) {
      assertThat(IsoTime.format(t)).isEqualTo(t.toString());
    }
  }
}
