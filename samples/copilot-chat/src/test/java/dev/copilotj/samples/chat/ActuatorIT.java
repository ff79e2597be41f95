package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The actuator shows the copilot health indicator with its details, and the copilot.* meters. */
class ActuatorIT extends ChatTestSupport {

  @Test
  void healthShowsCopilotUpWithDetails() {
    JsonNode health = json(get("/actuator/health"));

    assertThat(health.path("status").asText()).isEqualTo("UP");
    JsonNode copilot = health.path("components").path("copilot");
    assertThat(copilot.path("status").asText()).isEqualTo("UP");
    JsonNode details = copilot.path("details");
    assertThat(details.path("state").asText()).isEqualTo("CONNECTED");
    assertThat(details.path("cliVersion").asText()).isEqualTo("1.0.102");
    assertThat(details.path("protocolVersion").asInt()).isEqualTo(3);
    assertThat(details.path("transport").asText()).isEqualTo("stdio");
    assertThat(details.path("pid").asLong()).isPositive();
  }

  @Test
  void readinessIncludesCopilotAndLivenessDoesNot() {
    JsonNode readiness = json(get("/actuator/health/readiness"));
    JsonNode liveness = json(get("/actuator/health/liveness"));

    assertThat(readiness.path("status").asText()).isEqualTo("UP");
    assertThat(readiness.path("components").path("copilot").path("status").asText()).isEqualTo("UP");
    assertThat(liveness.path("status").asText()).isEqualTo("UP");
    assertThat(liveness.path("components").has("copilot")).isFalse();
  }

  @Test
  void metricsHaveTheCopilotMeters() {
    String id = createSession();
    ask(id, "Where is order 1041?");

    assertThat(json(get("/actuator/metrics")).path("names").toString())
        .contains("\"copilot.sessions.active\"", "\"copilot.turns\"", "\"copilot.tool.calls\"");
    JsonNode toolCalls = json(get("/actuator/metrics/copilot.tool.calls?tag=tool:order_status"));
    assertThat(toolCalls.path("measurements").get(0).path("value").asDouble()).isPositive();
    assertThat(json(get("/actuator/metrics/copilot.sessions.active")).path("measurements").get(0)
        .path("value").asDouble()).isPositive();
  }

  @Test
  void theTokensStayMaskedInEnvAndConfigprops(@Autowired dev.copilotj.test.CopilotTestRig rig) {
    String token = rig.token();
    String configprops = get("/actuator/configprops").body();
    String env = get("/actuator/env").body();

    assertThat(configprops).contains("copilot.auth").contains("******").doesNotContain(token);
    assertThat(env).contains("copilot.auth.github-token").doesNotContain(token);
    assertThat(json(get("/actuator/env/copilot.auth.github-token")).path("property").path("value").asText())
        .isEqualTo("******");
    // not everything is masked: an ordinary setting stays readable, so the check above means something
    assertThat(json(get("/actuator/env/copilot.session.streaming")).path("property").path("value").asText())
        .isEqualTo("true");
  }
}
