package dev.copilotj.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.SessionRegistryStats;
import dev.copilotj.cloud.ScriptedCliPeer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CopilotClient#sessionRegistryStats()}: what the registry holds, through the public API only. */
class SessionRegistryStatsTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private PeerClients fixture;
  private ScriptedCliPeer peer;

  @BeforeEach
  void startPeer() throws Exception {
    fixture = PeerClients.start();
    peer = fixture.peer();
  }

  @AfterEach
  void stopAll() {
    fixture.close();
  }

  @Test
  void aPendingCreateAndItsEarlyEventsAreVisibleUntilTheSessionIsBuilt() throws Exception {
    CopilotClient client = connect(b -> b);
    assertThat(client.sessionRegistryStats()).isEqualTo(new SessionRegistryStats(0, List.of(), 0, 0, 0));

    CompletableFuture<CopilotSession> created = client.createSession(cloud());
    Request request = peer.awaitRequests("session.create", 1, WAIT).get(0);
    String provisional = request.param("clientSessionId");
    peer.event("srv-1", "e1");
    peer.event("srv-1", "e2");
    peer.event("other", "x1");
    await().atMost(WAIT).until(() -> client.sessionRegistryStats().earlyBufferedEvents() == 3);

    assertThat(client.sessionRegistryStats()).isEqualTo(new SessionRegistryStats(0, List.of(provisional), 2, 3, 0));

    peer.lifecycleCreated("srv-1", provisional);
    await().atMost(WAIT).until(() -> client.sessionRegistryStats().openSessions() == 1);
    assertThat(client.sessionRegistryStats())
        .as("built by the notification, the create still waits for its response")
        .isEqualTo(new SessionRegistryStats(1, List.of(provisional), 1, 1, 0));

    peer.respond(request, Map.of("sessionId", "srv-1"));
    created.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(client.sessionRegistryStats()).isEqualTo(new SessionRegistryStats(1, List.of(), 1, 1, 0));
  }

  @Test
  void droppedEventsCountOverflowAndExpiryAndTheCountSurvivesAFailedCreateAndAStop() throws Exception {
    CopilotClient client = connect(b -> b.earlyEventBufferSize(3).earlyEventTtl(Duration.ofMillis(300)));

    for (int i = 1; i <= 5; i++) {
      peer.event("nobody", "n" + i); // 2 overflow, then the 3 left expire
    }
    await().atMost(WAIT).until(() -> client.sessionRegistryStats().droppedEvents() == 5);
    assertThat(client.sessionRegistryStats().earlyBufferedSessions()).isZero();

    CompletableFuture<CopilotSession> created = client.createSession(cloud());
    Request request = peer.awaitRequests("session.create", 1, WAIT).get(0);
    peer.lifecycleCreated("srv-1", request.param("clientSessionId"));
    await().atMost(WAIT).until(() -> client.sessionRegistryStats().openSessions() == 1);
    peer.respondError(request, -32603, "no cloud today");
    assertThat(created).failsWithin(WAIT);
    assertThat(client.sessionRegistryStats()).isEqualTo(new SessionRegistryStats(0, List.of(), 0, 0, 5));

    client.stop().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(client.sessionRegistryStats()).as("not connected: nothing held, the count stays")
        .isEqualTo(new SessionRegistryStats(0, List.of(), 0, 0, 5));
  }

  @Test
  void eventsHeldWhenTheClientStopsCountAsDropped() throws Exception {
    CopilotClient client = connect(b -> b);
    peer.event("nobody", "n1");
    peer.event("nobody", "n2");
    await().atMost(WAIT).until(() -> client.sessionRegistryStats().earlyBufferedEvents() == 2);

    client.stop().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(client.sessionRegistryStats().droppedEvents()).isEqualTo(2);
  }

  private CopilotClient connect(UnaryOperator<CopilotClientOptions.Builder> customize) throws Exception {
    return fixture.connect(customize);
  }

  private static SessionConfig cloud() {
    return PeerClients.cloud();
  }
}
