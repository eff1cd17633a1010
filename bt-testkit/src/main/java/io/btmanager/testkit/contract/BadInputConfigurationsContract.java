package io.btmanager.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.btmanager.core.exception.ConfigurationNotFoundException;
import io.btmanager.core.exception.InvalidArgumentsException;
import io.btmanager.core.exception.PayloadTooLargeException;
import io.btmanager.testkit.TestTaskTypes.Args;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input to configurations: saves and updates out of range, submits from a configuration with
 * bad overrides.
 */
abstract class BadInputConfigurationsContract extends BadInputArea {
  @Test
  void savesAndUpdatesOutOfRangeAreRefused() {
    var configs = alice.configurations();
    refused("type", () -> configs.save(null, "No type", Args.of("n")));
    for (String name : Arrays.asList(null, "", " ", LONG_NAME, NUL)) {
      refused("name", () -> configs.save(ok, name, Args.of("n")));
      refused("name", () -> configs.rename(config.id(), name));
    }
    refused("arguments", () -> configs.save(ok, "No values", null));
    refused(
        PayloadTooLargeException.class,
        "arguments",
        () -> configs.save(ok, "Huge", Args.of("x".repeat(MAX_ARGUMENT_BYTES))));
    refused("arguments", () -> configs.update(ok, config.id(), null));
    refused("type", () -> configs.update(other, config.id(), Args.of("other type")));
    refused("configurationId", () -> configs.get(null));
    refused("configurationId", () -> configs.delete(null));
    refused("user", () -> m.admin().configurations().save(ok, "Admin's", Args.of("n")));
  }

  @Test
  void submitsFromAConfigurationWithBadOverridesAreRefused() {
    refused("type", () -> alice.submitFromConfiguration(null, config.id(), Map.of(), o -> {}));
    refused("configurationId", () -> alice.submitFromConfiguration(ok, null, Map.of(), o -> {}));
    refused("type", () -> alice.submitFromConfiguration(other, config.id(), Map.of(), o -> {}));
    refused(
        InvalidArgumentsException.class,
        "$.thing",
        () ->
            alice.submitFromConfiguration(ok, config.id(), Map.of("thing", new Object()), o -> {}));
    refused(
        InvalidArgumentsException.class,
        "$.n",
        () -> alice.submitFromConfiguration(ok, config.id(), Map.of("n", "many"), o -> {}));
    refused(
        PayloadTooLargeException.class,
        "arguments",
        () -> alice.submitFromConfiguration(
            ok, config.id(), Map.of("label", "x".repeat(MAX_ARGUMENT_BYTES)), o -> {}));
    Throwable missing = catchThrowable(
        () -> alice.submitFromConfiguration(ok, "no-such-configuration", Map.of(), o -> {}));
    assertThat(missing).isInstanceOf(ConfigurationNotFoundException.class);
    unchanged();
  }
}
