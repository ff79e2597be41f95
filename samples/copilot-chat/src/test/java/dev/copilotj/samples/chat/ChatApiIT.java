package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.test.ChatRequest;
import org.junit.jupiter.api.Test;

/** Turns through the REST API, answered by the sample's offline model through the real CLI. */
class ChatApiIT extends ChatTestSupport {

  @Test
  void aTurnThroughTheRestApiAnswersAndIsKeptInTheHistory() {
    String id = createSession();

    HttpResponse<String> response = ask(id, "Hello there");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = json(response);
    assertThat(result.path("sessionId").asText()).isEqualTo(id);
    assertThat(result.path("answer").asText()).startsWith("Hello! I am the offline stand-in for Copilot")
        .contains("\"Hello there\"");
    assertThat(result.path("error").isNull()).isTrue();
    ChatRequest modelCall = fake.lastChatRequest();
    assertThat(modelCall.stream()).as("the session streams").isTrue();
    assertThat(modelCall.sessionId()).isEqualTo(id);
    assertThat(modelCall.toolNames()).contains("order_status");

    JsonNode history = json(get("/api/sessions/" + id + "/messages"));
    List<String> entries = new ArrayList<>();
    history.forEach(item -> entries.add(item.path("type").asText() + ": " + item.path("content").asText()));
    assertThat(entries).containsExactly("user.message: Hello there",
        "assistant.message: " + result.path("answer").asText());
  }

  @Test
  void aTurnCanStreamItsEventsAsServerSentEvents() {
    String id = createSession();
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/sessions/" + id + "/messages"))
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Tell me something nice\"}"))
        .build();

    HttpResponse<String> response = send(request);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/event-stream"));
    String body = response.body();
    assertThat(body).contains("event:user", "event:message", "event:idle", "event:done");
    long deltas = body.lines().filter("event:delta"::equals).count();
    assertThat(deltas).as("the answer arrives in word-sized deltas").isGreaterThan(20);
    assertThat(body.indexOf("event:delta")).isLessThan(body.indexOf("event:message"));
    assertThat(body).contains("\"answer\":\"Hello! I am the offline stand-in");
  }

  @Test
  void aFailedModelCallIsReportedAsABadGatewayWithTheSessionError() {
    String id = createSession();

    HttpResponse<String> response = ask(id, "Please show me an error");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(json(response).path("detail").asText()).contains("400").contains(OfflineModel.ERROR_MESSAGE);
    assertThat(json(get("/api/sessions/" + id + "/messages")).findValuesAsText("type")).contains("session.error");
  }

  @Test
  void theInfoSaysTheSampleRunsOffline() {
    JsonNode info = json(get("/api/info"));

    assertThat(info.path("offline").asBoolean()).isTrue();
    assertThat(info.path("banner").asText()).isEqualTo("Offline mode: answers come from a built-in fake model");
    assertThat(info.path("clientState").asText()).isEqualTo("CONNECTED");
    assertThat(info.path("tools").get(0).asText()).isEqualTo("order_status");
  }
}
