package dev.copilotj.samples.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copilotj.spring.boot.test.AutoConfigureCopilotOffline;
import dev.copilotj.test.FakeCopilotApi;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The common setup of the sample's integration tests: the whole application on a random port, its Copilot client
 * offline against the test kit's fake model, which answers with the sample's own {@link OfflineModel} (the kit
 * resets the fake before each test, so the responder is set again). All the tests share one context and one CLI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    // the tests check that secrets stay masked even where an operator shows every value
    "management.endpoints.web.exposure.include=health,info,metrics,env,configprops",
    "management.endpoint.env.show-values=always",
    "management.endpoint.configprops.show-values=always"})
@AutoConfigureCopilotOffline
abstract class ChatTestSupport {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Autowired
  FakeCopilotApi fake;

  @Autowired
  OfflineModel offlineModel;

  @Value("${local.server.port}")
  int port;

  @BeforeEach
  void answerWithTheSamplesOfflineModel() {
    fake.setResponder(offlineModel);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build());
  }

  HttpResponse<String> post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  HttpResponse<String> delete(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).DELETE().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a session through the API and returns its id. */
  String createSession() {
    HttpResponse<String> created = post("/api/sessions", "");
    if (created.statusCode() != 201) {
      throw new AssertionError("POST /api/sessions answered " + created.statusCode() + ": " + created.body());
    }
    return json(created).path("id").asText();
  }

  /** Sends a prompt through the API and returns the response. */
  HttpResponse<String> ask(String sessionId, String prompt) {
    return post("/api/sessions/" + sessionId + "/messages", JSON.createObjectNode().put("prompt", prompt).toString());
  }
}
