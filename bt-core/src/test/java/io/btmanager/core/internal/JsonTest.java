package io.btmanager.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.btmanager.core.exception.InvalidArgumentsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Size(int width, int height) {}

  record Resize(String image, Size size, double quality) {}

  private final Json json = new Json();

  @Test
  void canonicalFormSortsKeysAtEveryDepthAndNormalisesNumbers() {
    String text = "{\"b\":1.0,\"a\":[2.50,{\"d\":1,\"c\":\"x\"}],\"e\":1e2}";
    assertThat(json.canonicalText(text, "arguments"))
        .isEqualTo("{\"a\":[2.5,{\"c\":\"x\",\"d\":1}],\"b\":1,\"e\":100}");
  }

  @Test
  void aRecordAndAnEquivalentMapHaveTheSameCanonicalFormAndDedupKey() {
    String fromRecord = json.canonical(new Resize("cat.png", new Size(640, 480), 7.0));
    String fromMap = json.fromMap(
        Map.of("quality", 7, "size", Map.of("height", 480, "width", 640), "image", "cat.png"));

    assertThat(fromRecord)
        .isEqualTo(fromMap)
        .isEqualTo("{\"image\":\"cat.png\",\"quality\":7,\"size\":{\"height\":480,\"width\":640}}");
    assertThat(DedupKeys.of("resize", fromRecord))
        .isEqualTo(DedupKeys.of("resize", fromMap))
        .isNotEqualTo(DedupKeys.of("other-type", fromMap))
        .hasSize(32);
  }

  @Test
  void mergeOverridesTopLevelFieldsAndStaysCanonical() {
    assertThat(json.merge("{\"b\":2,\"a\":1}", "{\"b\":3.0,\"c\":[1]}"))
        .isEqualTo("{\"a\":1,\"b\":3,\"c\":[1]}");
  }

  @Test
  void bindingNamesThePathOfTheFieldThatDoesNotBind() {
    assertThatThrownBy(() -> json.bind(
            "{\"image\":\"x\",\"size\":{\"width\":\"wide\",\"height\":1}," + "\"quality\":1}",
            Resize.class))
        .isInstanceOf(InvalidArgumentsException.class)
        .hasMessageContaining("$.size.width")
        .hasMessageContaining("image: String, size: Size, quality: double");
    assertThatThrownBy(
            () -> json.bind("{\"image\":\"x\",\"size\":{\"width\":1,\"height\":1}}", Resize.class))
        .isInstanceOf(InvalidArgumentsException.class)
        .hasMessageContaining("$.quality")
        .hasMessageNotContaining("DeserializationFeature");
    assertThatThrownBy(() -> json.bind(
            "{\"image\":\"x\",\"size\":{\"width\":1,\"height\":1},"
                + "\"quality\":1,\"unknown\":1}",
            Resize.class))
        .isInstanceOf(InvalidArgumentsException.class)
        .hasMessageContaining("$.unknown");
  }

  @Test
  void idsAreDistinctVersion7Uuids() {
    List<String> ids = java.util.stream.IntStream.range(0, 10_000)
        .mapToObj(i -> DedupKeys.newId())
        .toList();
    assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> {
      java.util.UUID uuid = java.util.UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(7);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.toString()).isEqualTo(id);
    });
  }

  @Test
  void idsCarryTheirMillisecondAndSortByIt() {
    long before = System.currentTimeMillis();
    String earlier = DedupKeys.newId();
    long after = System.currentTimeMillis();
    long millis = java.util.UUID.fromString(earlier).getMostSignificantBits() >>> 16;
    assertThat(millis).isBetween(before, after);
    while (System.currentTimeMillis() <= after) {
      Thread.onSpinWait(); // the next millisecond, at most one away
    }
    List<String> later = java.util.stream.IntStream.range(0, 1_000)
        .mapToObj(i -> DedupKeys.newId())
        .toList();
    assertThat(later).allSatisfy(id -> assertThat(id).isGreaterThan(earlier));
  }
}
