package io.btmanager.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the four parts is handed to its part: an operation added to a part later,
 * even one with a default, must be handed on too, or a composed store would answer with the
 * default instead of its part.
 */
class ComposedTaskStoreTest {

  @Test
  void everyOperationOfEveryPartIsHandedToThePart() {
    List<String> missing = new ArrayList<>();
    Stream.of(TaskRecords.class, WorkQueue.class, Catalog.class, ChangeFeed.class)
        .flatMap(part -> Stream.of(part.getDeclaredMethods()))
        .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
        .forEach(m -> {
          try {
            Method handed =
                ComposedTaskStore.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            if (Modifier.isAbstract(handed.getModifiers())) {
              missing.add(m.toString());
            }
          } catch (NoSuchMethodException e) {
            missing.add(m.toString());
          }
        });
    assertThat(missing).isEmpty();
  }
}
