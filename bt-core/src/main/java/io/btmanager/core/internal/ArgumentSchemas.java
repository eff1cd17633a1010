package io.btmanager.core.internal;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schemas of argument classes, made by victools' generator and kept per class. Fields are what
 * the manager's JSON binds (a record's components); primitives are required, since a missing one
 * does not bind; other fields are refused, as binding refuses unknown properties.
 */
final class ArgumentSchemas {
  private final ConcurrentHashMap<Class<?>, String> schemas = new ConcurrentHashMap<>();
  private volatile SchemaGenerator generator;

  /** The schema of {@code type} as JSON text. */
  String of(Class<?> type) {
    return schemas.computeIfAbsent(type, t -> generator().generateSchema(t).toString());
  }

  /** Made on first use: most managers never list their types. */
  private SchemaGenerator generator() {
    SchemaGenerator g = generator;
    if (g == null) {
      g = generator = create();
    }
    return g;
  }

  private static SchemaGenerator create() {
    SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(
            SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
        .with(Option.ADDITIONAL_FIXED_TYPES)
        .with(Option.EXTRA_OPEN_API_FORMAT_VALUES)
        .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
    config.forFields().withRequiredCheck(field -> field.getRawMember().getType().isPrimitive());
    return new SchemaGenerator(config.build());
  }
}
