package dev.copilotj.spring.boot.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.copilotj.ClientState;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.test.ScriptedCliServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The probe's statuses and details, against a client connected to a scripted JSON-RPC server on loopback. */
class CopilotHealthProbeTests {

  private final List<CopilotClient> clients = new ArrayList<>();
  private ScriptedCliServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = ScriptedCliServer.start();
  }

  @AfterEach
  void stop() {
    clients.forEach(CopilotClient::forceStop);
    server.close();
  }

  @Test
  void downBeforeStartWithTheReason() {
    CopilotHealthProbe.Result result = new CopilotHealthProbe(client(), false, Duration.ofSeconds(1)).check();

    assertThat(result.status()).isEqualTo(CopilotHealthProbe.Status.DOWN);
    assertThat(result.details()).containsEntry("state", "NOT_STARTED")
        .containsEntry("reason", "The Copilot client has not been started.");
  }

  @Test
  void upWithTheServersDetailsWhenConnected() {
    CopilotClient client = client();
    client.start().join();

    CopilotHealthProbe.Result result = new CopilotHealthProbe(client, false, Duration.ofSeconds(1)).check();

    assertThat(result.status()).isEqualTo(CopilotHealthProbe.Status.UP);
    assertThat(result.details()).containsEntry("state", "CONNECTED")
        .containsEntry("cliVersion", "1.0.102")
        .containsEntry("protocolVersion", 3)
        .containsEntry("transport", "tcp")
        .containsEntry("server", server.address())
        .containsEntry("openSessions", 0)
        .containsEntry("pendingCreates", 0)
        .containsEntry("earlyEvents", 0)
        .containsEntry("droppedEvents", 0L)
        .doesNotContainKeys("pid", "reason", "pingMs");
    assertThat(server.methods()).containsExactly("connect");
  }

  @Test
  void eventsHeldForASessionNotOpenedYetShowInTheDetails() throws Exception {
    CopilotClient client = client();
    client.start().join();
    server.sessionEvent("nobody", "session.info", "e1", java.util.Map.of("infoType", "test", "message", "m"));
    await().atMost(Duration.ofSeconds(5)).until(() -> client.sessionRegistryStats().earlyBufferedEvents() == 1);

    CopilotHealthProbe.Result result = new CopilotHealthProbe(client, false, Duration.ofSeconds(1)).check();

    assertThat(result.status()).isEqualTo(CopilotHealthProbe.Status.UP);
    assertThat(result.details()).containsEntry("earlyEvents", 1).containsEntry("droppedEvents", 0L);
  }

  @Test
  void deepCheckPingsAndReportsTheRoundTrip() {
    CopilotClient client = client();
    client.start().join();

    CopilotHealthProbe.Result result = new CopilotHealthProbe(client, true, Duration.ofSeconds(2)).check();

    assertThat(result.status()).isEqualTo(CopilotHealthProbe.Status.UP);
    assertThat(result.details()).containsKey("pingMs");
    assertThat(server.methods()).containsExactly("connect", "ping");
  }

  @Test
  void deepCheckIsDownWhenThePingTimesOut() {
    CopilotClient client = client();
    client.start().join();
    server.answerPings(false);

    CopilotHealthProbe.Result result = new CopilotHealthProbe(client, true, Duration.ofMillis(200)).check();

    assertThat(result.status()).isEqualTo(CopilotHealthProbe.Status.DOWN);
    assertThat(result.details()).containsEntry("state", "CONNECTED")
        .containsEntry("reason", "The Copilot CLI did not answer a ping within 200 ms.");
  }

  @Test
  void downWithTheFailureWhenTheConnectionIsLost() {
    CopilotClient client = client();
    client.start().join();
    server.dropConnections();
    await().atMost(Duration.ofSeconds(5)).until(() -> client.state() == ClientState.FAILED);

    CopilotHealthProbe.Result result = new CopilotHealthProbe(client, false, Duration.ofSeconds(1)).check();

    assertThat(result.status()).isEqualTo(CopilotHealthProbe.Status.DOWN);
    assertThat(result.details()).containsEntry("state", "FAILED")
        .containsEntry("reason", client.failure().getMessage());
  }

  @Test
  void downWithTheFailureWhenTheStartFailed() throws IOException {
    String closedPort;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      closedPort = "127.0.0.1:" + socket.getLocalPort();
    }
    CopilotClient client = track(new CopilotClient(CopilotClientOptions.builder().serverAddress(closedPort)
        .startupTimeout(Duration.ofSeconds(2)).build()));
    client.start().handle((ok, error) -> null).join();

    CopilotHealthProbe.Result result = new CopilotHealthProbe(client, false, Duration.ofSeconds(1)).check();

    assertThat(result.status()).isEqualTo(CopilotHealthProbe.Status.DOWN);
    assertThat(result.details()).containsEntry("state", "FAILED");
    assertThat((String) result.details().get("reason")).isEqualTo(client.failure().getMessage()).isNotBlank();
  }

  @Test
  void downAfterStop() {
    CopilotClient client = client();
    client.start().join();
    client.stop().join();

    CopilotHealthProbe.Result result = new CopilotHealthProbe(client, false, Duration.ofSeconds(1)).check();

    assertThat(result.status()).isEqualTo(CopilotHealthProbe.Status.DOWN);
    assertThat(result.details()).containsEntry("state", "STOPPED")
        .containsEntry("reason", "The Copilot client was stopped.");
  }

  @Test
  void bootFourIndicatorMapsTheResult() {
    CopilotClient client = client();
    CopilotHealthIndicator indicator = new CopilotHealthIndicator(
        new CopilotHealthProbe(client, false, Duration.ofSeconds(1)));

    Health down = indicator.health();
    client.start().join();
    Health up = indicator.health();

    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails()).containsEntry("reason", "The Copilot client has not been started.");
    assertThat(up.getStatus()).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("cliVersion", "1.0.102");
  }

  private CopilotClient client() {
    return track(new CopilotClient(CopilotClientOptions.builder().serverAddress(server.address())
        .startupTimeout(Duration.ofSeconds(5)).build()));
  }

  private CopilotClient track(CopilotClient client) {
    clients.add(client);
    return client;
  }
}
