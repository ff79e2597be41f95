package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The sample's session idle time-out (30 minutes in the application, 2 s here) on the real CLI: a chat nobody
 * writes in is closed, the API answers its next prompt with 410 and the reason, and the panel marks it closed.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = "copilot.client.session-idle-timeout=2s")
class IdleChatIT extends ChatTestSupport {

  @Test
  void anIdleChatIsClosedAndItsNextPromptSaysWhy() {
    String id = createSession();
    assertThat(ask(id, "Hello").statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(sessionView(id).path("closed")
        .asBoolean()).isTrue());
    HttpResponse<String> late = ask(id, "Are you still there?");

    assertThat(late.statusCode()).isEqualTo(410);
    assertThat(late.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(late).path("detail").asText()).startsWith("This chat has ended: Session " + id)
        .contains("was closed after 2000 ms without a prompt").endsWith("Start a new chat.");
    assertThat(delete("/api/sessions/" + id).statusCode()).as("an ended chat can be deleted").isEqualTo(204);
  }

  private JsonNode sessionView(String id) {
    for (JsonNode view : json(get("/api/sessions"))) {
      if (view.path("id").asText().equals(id)) {
        return view;
      }
    }
    throw new AssertionError("session " + id + " is not listed");
  }
}
