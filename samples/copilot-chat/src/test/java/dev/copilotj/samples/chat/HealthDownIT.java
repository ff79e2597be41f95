package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CopilotClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** When the CLI dies, /actuator/health turns copilot DOWN and says why. The context is thrown away afterwards. */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "copilot.client.restart.enabled=false") // stays DOWN, as without the sample's policy
class HealthDownIT extends ChatTestSupport {

  @Autowired
  CopilotClient client;

  @Test
  void healthTurnsDownWithTheReasonWhenTheCliIsKilled() {
    assertThat(json(get("/actuator/health")).path("components").path("copilot").path("status").asText())
        .isEqualTo("UP");
    long pid = client.cliPid();

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode copilot = json(get("/actuator/health")).path("components").path("copilot");
      assertThat(copilot.path("status").asText()).isEqualTo("DOWN");
      assertThat(copilot.path("details").path("reason").asText()).contains("exited with code 137");
    });
    assertThat(json(get("/actuator/health")).path("status").asText()).isEqualTo("DOWN");

    HttpResponse<String> create = post("/api/sessions", "");
    assertThat(create.statusCode()).isEqualTo(503);
    assertThat(create.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(create).path("detail").asText()).startsWith("Copilot could not create a session: ")
        .contains("FAILED");
  }
}
