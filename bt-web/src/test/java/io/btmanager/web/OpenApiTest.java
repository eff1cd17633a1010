package io.btmanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.btmanager.web.internal.ApiServlet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The OpenAPI document in the jar describes exactly the router's routes, and is served. */
class OpenApiTest {

  @Test
  void theDocumentsRoutesAreExactlyTheRoutersAndItIsServed() {
    try (WebFixture f = WebFixture.start()) {
      JsonNode doc = f.get("alice", "/openapi.json").json();
      assertThat(doc.path("openapi").asText()).startsWith("3.1");
      List<String> documented = new ArrayList<>();
      doc.path("paths")
          .fields()
          .forEachRemaining(p -> p.getValue()
              .fieldNames()
              .forEachRemaining(
                  m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
      List<String> routed = ((ApiServlet) f.web.servlet()).routes();
      assertThat(documented).containsExactlyInAnyOrderElementsOf(routed);
      assertThat(routed).doesNotHaveDuplicates();

      // the listing and the bulk calls' query take the ran period beside created and finished
      List<String> listing = new ArrayList<>();
      doc.path("paths")
          .path("/tasks")
          .path("get")
          .path("parameters")
          .forEach(p -> listing.add(p.path("$ref").asText()));
      assertThat(listing)
          .contains(
              "#/components/parameters/finishedFrom",
              "#/components/parameters/ranFrom",
              "#/components/parameters/ranTo");
      JsonNode ranFrom = doc.path("components").path("parameters").path("ranFrom");
      assertThat(ranFrom.path("in").asText()).isEqualTo("query");
      assertThat(ranFrom.path("schema").path("format").asText()).isEqualTo("date-time");
      assertThat(ranFrom.path("description").asText()).contains("attempt", "started");
      JsonNode filter = doc.path("components").path("schemas").path("TaskFilter");
      assertThat(filter.path("properties").has("ranFrom")).isTrue();
      assertThat(filter.path("properties").has("ranTo")).isTrue();

      // every $ref points at a component that exists
      String text = doc.toString();
      var refs = java.util.regex.Pattern.compile(
              "\"#/components/(schemas|parameters)/([A-Za-z]+)\"")
          .matcher(text);
      while (refs.find()) {
        assertThat(doc.path("components").path(refs.group(1)).has(refs.group(2)))
            .as(refs.group())
            .isTrue();
      }
    }
  }
}
