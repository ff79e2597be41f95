package dev.copilotj.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the configuration metadata the annotation processor generated for this module (merged with
 * {@code additional-spring-configuration-metadata.json}) from the classpath, as an IDE would.
 */
class ConfigurationMetadataTests {

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";

  private static JsonNode metadata;
  private static Map<String, JsonNode> properties;

  @BeforeAll
  static void readGeneratedMetadata() throws IOException {
    // the file next to CopilotProperties (target/classes), not the ones in Spring Boot's own jars
    URL classes = CopilotProperties.class.getProtectionDomain().getCodeSource().getLocation();
    URL generated = classes.getPath().endsWith(".jar") ? new URL("jar:" + classes + "!/" + METADATA)
        : new URL(classes, METADATA);
    try (InputStream in = generated.openStream()) {
      metadata = new ObjectMapper().readTree(in);
    }
    properties = new HashMap<>();
    metadata.path("properties").forEach(property -> properties.put(property.path("name").asText(), property));
  }

  @Test
  void everyCopilotPropertyHasADescription() {
    List<String> undescribed = new ArrayList<>();
    properties.forEach((name, property) -> {
      // a deprecated alias is described by its reason and replacement
      String description = property.has("deprecation") ? property.path("deprecation").path("reason").asText()
          : property.path("description").asText();
      if ((name.startsWith("copilot.") || name.contains(".copilot.")) && description.isBlank()) {
        undescribed.add(name);
      }
    });
    assertThat(properties.keySet()).filteredOn(name -> name.startsWith("copilot.")).hasSizeGreaterThan(30);
    assertThat(undescribed).as("properties without a description").isEmpty();
  }

  @Test
  void keysReadOnlyByConditionsAreDescribed() {
    JsonNode health = properties.get("management.health.copilot.enabled");
    assertThat(health).isNotNull();
    assertThat(health.path("type").asText()).isEqualTo("java.lang.Boolean");
    assertThat(health.path("defaultValue").asBoolean(false)).isTrue();
    assertThat(properties).containsKeys("copilot.enabled", "copilot.events.enabled");
  }

  @Test
  void theOldNamesAreDeprecatedAliasesOfTheNewOnes() {
    assertThat(properties.get("copilot.auth.token").path("deprecation").path("replacement").asText())
        .isEqualTo("copilot.auth.github-token");
    assertThat(properties.get("copilot.server.url").path("deprecation").path("replacement").asText())
        .isEqualTo("copilot.server.address");
    assertThat(properties.get("copilot.auth.github-token").path("description").asText()).contains("GitHub token");
  }

  @Test
  void theRestartPropertiesAreDescribedWithTheirDefaults() {
    assertThat(properties).containsKeys("copilot.client.restart.enabled", "copilot.client.restart.max-attempts",
        "copilot.client.restart.initial-backoff", "copilot.client.restart.max-backoff");
    assertThat(properties.get("copilot.client.restart.enabled").path("defaultValue").asBoolean(true)).isFalse();
    assertThat(properties.get("copilot.client.restart.max-attempts").path("defaultValue").asInt()).isEqualTo(5);
    assertThat(properties.get("copilot.client.restart.enabled").path("description").asText())
        .contains("after losing it");
  }

  @Test
  void thePhaseHasItsComputedDefault() {
    assertThat(properties.get("copilot.lifecycle.phase").path("defaultValue").asLong())
        .isEqualTo(Integer.MAX_VALUE - 3072L);
  }

  @Test
  void enumPropertiesHaveValueHints() {
    assertThat(hintValues("copilot.cli.transport")).containsExactly("stdio", "tcp");
    assertThat(hintValues("copilot.cli.log-level")).containsExactly("none", "error", "warning", "info", "debug", "all");
    assertThat(hintValues("copilot.session.system-message-mode")).containsExactly("append", "replace");
  }

  private static List<String> hintValues(String name) {
    List<String> values = new ArrayList<>();
    metadata.path("hints").forEach(hint -> {
      if (hint.path("name").asText().equals(name)) {
        hint.path("values").forEach(value -> {
          assertThat(value.path("description").asText()).as("description of " + name + "=" + value).isNotBlank();
          values.add(value.path("value").asText());
        });
      }
    });
    return values;
  }
}
