package io.btmanager.testkit.contract;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Bad input naming a user: the id of a user is never null, blank, over-long or with a NUL.
 */
abstract class BadInputUsersContract extends BadInputArea {
  @Test
  void aUserIdIsNotNullBlankOverLongOrWithNul() {
    for (String user : Arrays.asList(null, "", "  ", "u".repeat(201), NUL)) {
      refused("user", () -> m.forUser(user));
    }
    assertThatCode(() -> m.forUser("u".repeat(200))).doesNotThrowAnyException();
  }
}
