package dev.copilotj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SessionConfigToolSelectionTest {

  @Test
  void byDefaultEveryToolAndNoneExcludedAndNothingOnTheWire() {
    SessionConfig config = SessionConfig.defaults();
    assertThat(config.availableTools()).isNull();
    assertThat(config.excludedTools()).isEmpty();
    Map<String, Object> params = SessionWire.createParams(config, "s1");
    assertThat(params).doesNotContainKeys("availableTools", "excludedTools");
  }

  @Test
  void theListsAreCopiedKeptByToBuilderAndSent() {
    List<String> names = new ArrayList<>(List.of("view"));
    SessionConfig config = SessionConfig.builder().availableTools(names).excludedTools(List.of("bash")).build();
    names.add("bash");

    SessionConfig copy = config.toBuilder().build();

    assertThat(copy.availableTools()).containsExactly("view");
    assertThat(copy.excludedTools()).containsExactly("bash");
    assertThat(SessionWire.createParams(copy, "s1")).containsEntry("availableTools", List.of("view"))
        .containsEntry("excludedTools", List.of("bash"));
    assertThat(copy.toString()).contains("availableTools=[view]").contains("excludedTools=[bash]");
  }

  @Test
  void aBlankToolNameIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> SessionConfig.builder().excludedTools(Arrays.asList("bash", " ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("excludedTools");
    assertThatThrownBy(() -> SessionConfig.builder().availableTools(Arrays.asList("view", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("availableTools");
  }
}
