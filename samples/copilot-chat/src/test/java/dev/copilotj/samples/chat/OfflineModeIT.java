package dev.copilotj.samples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copilotj.CopilotClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application as {@code scripts/run.sh} starts it, without the test kit: with no token it starts its own fake
 * model before the client, answers with its scripted model, and closes the fake after the CLI stopped.
 */
class OfflineModeIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void withoutATokenTheApplicationRunsAgainstItsOwnFakeModelAndClosesItWithTheContext() throws Exception {
    // empty values hide a COPILOT_GITHUB_TOKEN of the machine running the test: this test must stay offline
    ConfigurableApplicationContext context = new SpringApplicationBuilder(ChatApplication.class)
        .run("--server.port=0", "--COPILOT_GITHUB_TOKEN=", "--copilot.auth.github-token=");
    CopilotMode mode;
    Long cliPid;
    try {
      mode = context.getBean(CopilotMode.class);
      assertThat(mode.offline()).isTrue();
      assertThat(mode.fakeModelUrl()).startsWith("http://127.0.0.1:");
      assertThat(context.getEnvironment().getProperty("copilot.cli.env[COPILOT_API_URL]"))
          .isEqualTo(mode.fakeModelUrl());
      assertThat(context.getEnvironment().getProperty("copilot.cli.inherit-environment")).isEqualTo("false");
      CopilotClient client = context.getBean(CopilotClient.class);
      cliPid = client.cliPid();
      assertThat(cliPid).isNotNull();

      String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
      JsonNode info = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/info")).build()).body());
      assertThat(info.path("offline").asBoolean()).isTrue();
      assertThat(info.path("description").asText()).contains("built-in fake model at " + mode.fakeModelUrl());

      String id = JSON.readTree(send(HttpRequest.newBuilder(URI.create(base + "/api/sessions"))
          .POST(HttpRequest.BodyPublishers.noBody()).build()).body()).path("id").asText();
      HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + id + "/messages"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Where is order 1043?\"}")).build());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(answer.body()).path("answer").asText())
          .startsWith("I looked it up with the order_status tool. Order 1043 (two coffee mugs for Alan Turing)");
    } finally {
      context.close();
    }

    assertThat(ProcessHandle.of(cliPid).map(ProcessHandle::isAlive).orElse(false)).as("CLI process alive").isFalse();
    assertThatThrownBy(() -> send(HttpRequest.newBuilder(URI.create(mode.fakeModelUrl() + "/models")).build()))
        .as("the fake model is closed").isInstanceOf(ConnectException.class);
  }

  private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
