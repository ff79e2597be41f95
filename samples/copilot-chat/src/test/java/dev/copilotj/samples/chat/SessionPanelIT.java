package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The side panel's data comes from the starter's session lifecycle events. */
class SessionPanelIT extends ChatTestSupport {

  @Test
  void aCreatedSessionIsListedAndADeletedOneIsRemoved() {
    String id = createSession();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(json(get("/api/sessions")).findValuesAsText("id")).contains(id));

    ask(id, "Hello");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonNode session = session(id);
      assertThat(session.path("label").asText()).isEqualTo("Hello");
      assertThat(session.path("updates").asInt()).as("session.updated events").isPositive();
    });

    assertThat(delete("/api/sessions/" + id).statusCode()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(json(get("/api/sessions")).findValuesAsText("id")).doesNotContain(id));
    assertThat(ask(id, "Still there?").statusCode()).isEqualTo(404);
  }

  @Test
  void aSessionErrorIsShownOnItsEntry() {
    String id = createSession();

    ask(id, "error please");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(session(id).path("lastError").asText()).contains(OfflineModel.ERROR_MESSAGE));
  }

  @Test
  void thePanelStreamPushesTheSessionsAsTheyChange() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/sessions/stream"))
        .header("Accept", "text/event-stream").GET().build();
    HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("event:sessions");
      assertThat(lines.readLine()).startsWith("data:{\"clientState\":\"CONNECTED\"");

      String id = createSession();

      CompletableFuture<String> listed = CompletableFuture.supplyAsync(() -> {
        try {
          String line;
          while ((line = lines.readLine()) != null) {
            if (line.startsWith("data:") && line.contains(id)) {
              return line;
            }
          }
          return "end of stream";
        } catch (Exception e) {
          return e.toString();
        }
      });
      assertThat(listed.get(10, TimeUnit.SECONDS)).contains("\"id\":\"" + id + "\"");
    }
  }

  private JsonNode session(String id) {
    for (JsonNode session : json(get("/api/sessions"))) {
      if (session.path("id").asText().equals(id)) {
        return session;
      }
    }
    throw new AssertionError("session " + id + " is not listed");
  }
}
