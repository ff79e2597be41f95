package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.test.FakeReply;
import org.junit.jupiter.api.Test;

/** Every error of the API is an RFC 9457 problem whose detail says what went wrong, as curl and the page see it. */
class ApiProblemsIT extends ChatTestSupport {

  @Test
  void anEmptyPromptIsABadRequestProblem() {
    String id = createSession();

    HttpResponse<String> response = ask(id, "  ");

    assertProblem(response, 400, "The prompt is empty.");
  }

  @Test
  void anEmptyPromptIsAProblemEvenWhenOnlyAnEventStreamIsAccepted() {
    String id = createSession();
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/sessions/" + id + "/messages"))
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"\"}"))
        .build();

    assertProblem(send(request), 400, "The prompt is empty.");
  }

  @Test
  void aPromptOverTheCapIsAContentTooLargeProblemAndTheSessionGoesOn() {
    String id = createSession();

    HttpResponse<String> response = ask(id, "x".repeat(2_000_000));

    assertProblem(response, 413, "The prompt has 2000000 characters; this chat takes at most 16384");
    assertThat(fake.chatRequests()).as("nothing reached the model").isEmpty();
    assertThat(ask(id, "Hello").statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownSessionIsANotFoundProblem() {
    assertProblem(ask("no-such-session", "Hello"), 404, "No open chat session no-such-session");
    assertProblem(get("/api/sessions/no-such-session/messages"), 404, "No open chat session no-such-session");
    assertProblem(delete("/api/sessions/no-such-session"), 404, "No open chat session no-such-session");
  }

  @Test
  void aSecondTurnWhileOneRunsIsAConflictProblem() throws Exception {
    fake.setResponder(request -> FakeReply.text("A slow answer.").after(Duration.ofSeconds(2)));
    String id = createSession();
    CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/sessions/" + id + "/messages"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"First\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500);

    HttpResponse<String> second = ask(id, "Second");

    assertProblem(second, 409, "A turn is already running in session " + id);
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aFailedTurnIsABadGatewayProblemWithTheSessionsError() {
    String id = createSession();

    HttpResponse<String> response = ask(id, "Please show me an error");

    JsonNode problem = assertProblem(response, 502, OfflineModel.ERROR_MESSAGE);
    assertThat(problem.path("title").asText()).isEqualTo("The turn failed");
    assertThat(problem.path("sessionId").asText()).isEqualTo(id);
    assertThat(problem.path("toolCalls").isArray()).isTrue();
  }

  @Test
  void anUnreadableBodyAndAnUnknownPathAreProblemsToo() {
    String id = createSession();

    HttpResponse<String> unreadable = post("/api/sessions/" + id + "/messages", "{not json");
    HttpResponse<String> unknown = get("/api/no-such-thing");

    assertThat(unreadable.statusCode()).isEqualTo(400);
    assertThat(unreadable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(unreadable).path("detail").asText()).isNotBlank();
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status, String detail) {
    assertThat(response.statusCode()).as("status; body %s", response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).contains(detail);
    return problem;
  }
}
