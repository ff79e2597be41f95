package dev.copilotj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.copilotj.cloud.ScriptedCliPeer;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The restart policy, against a {@link ScriptedCliPeer} that can drop the connection and take new ones: what
 * the policy computes, and what the client does with it (states, sessions, cancelling, giving up).
 */
class RestartPolicyTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private ScriptedCliPeer peer;
  private final List<CopilotClient> clients = new ArrayList<>();

  @BeforeEach
  void startPeer() throws Exception {
    peer = ScriptedCliPeer.start();
  }

  @AfterEach
  void stopAll() {
    clients.forEach(client -> client.forceStop().join());
    peer.close();
  }

  // ---------------------------------------------------------------- the policy

  @Test
  void theDefaultIsNoRestart() {
    assertThat(CopilotClientOptions.defaults().restartPolicy()).isEqualTo(RestartPolicy.none());
    assertThat(RestartPolicy.none().enabled()).isFalse();
    assertThat(RestartPolicy.none().maxAttempts()).isZero();
    assertThat(CopilotClientOptions.builder().restartPolicy(RestartPolicy.attempts(2, Duration.ZERO, Duration.ZERO))
        .build().toBuilder().build().restartPolicy()).isEqualTo(RestartPolicy.attempts(2, Duration.ZERO, Duration.ZERO));
    assertThat(CopilotClientOptions.builder().restartPolicy(RestartPolicy.attempts(3, Duration.ofMillis(100),
        Duration.ofSeconds(1))).build().toString())
        .contains("restartPolicy=RestartPolicy{attempts=3, initialBackoff=PT0.1S, maxBackoff=PT1S}");
  }

  @Test
  void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
    RestartPolicy policy = RestartPolicy.attempts(8, Duration.ofMillis(100), Duration.ofSeconds(1));
    assertThat(List.of(1, 2, 3, 4, 5, 6, 40).stream().map(policy::backoff).map(Duration::toMillis)
        .collect(Collectors.toList())).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
    assertThat(RestartPolicy.attempts(3, Duration.ZERO, Duration.ZERO).backoff(3)).isZero();
    assertThat(RestartPolicy.attempts(1, Duration.ofDays(365), Duration.ofDays(365 * 1000)).backoff(1000))
        .isEqualTo(Duration.ofDays(365 * 1000));
  }

  @Test
  void invalidPoliciesAreRejectedWithTheReason() {
    assertThatThrownBy(() -> RestartPolicy.attempts(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RestartPolicy.none()");
    assertThatThrownBy(() -> RestartPolicy.attempts(1, Duration.ofMillis(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> RestartPolicy.attempts(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> CopilotClientOptions.builder().restartPolicy(null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---------------------------------------------------------------- the client

  @Test
  void aLostConnectionIsRestartedTheOldSessionsAreTerminatedAndNewOnesWork() throws Exception {
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    CopilotClient client = client(RestartPolicy.attempts(3, Duration.ofMillis(50), Duration.ofMillis(200)));
    client.onStateChange(changes::add);
    start(client);
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CopilotSession old = client.createSession(SessionConfig.builder().sessionId("before-the-crash")
        .onEvent(events::add).build()).get(5, TimeUnit.SECONDS);

    peer.disconnect();

    await().atMost(WAIT).until(() -> changes.size() == 5);
    assertThat(changes).extracting(ClientStateChange::current).containsExactly(ClientState.STARTING,
        ClientState.CONNECTED, ClientState.FAILED, ClientState.STARTING, ClientState.CONNECTED);
    Throwable loss = changes.get(2).cause();
    assertThat(loss).isInstanceOf(ConnectionClosedException.class);
    assertThat(old.isTerminated()).isTrue();
    await().atMost(WAIT).until(() -> events.stream().anyMatch(SessionErrorEvent.class::isInstance));
    assertThat(events).filteredOn(SessionErrorEvent.class::isInstance).singleElement()
        .satisfies(event -> {
          assertThat(((SessionErrorEvent) event).errorType()).isEqualTo(CopilotSession.TERMINATED_ERROR_TYPE);
          assertThat(((SessionErrorEvent) event).message()).isEqualTo(loss.getMessage());
        });
    assertThat(old.send("to the dead connection")).isCompletedExceptionally();
    assertThat(client.failure()).isNull();
    assertThat(client.ping("again").get(5, TimeUnit.SECONDS).message()).isEqualTo("pong: again");
    assertThat(client.createSession(SessionConfig.builder().sessionId("after").build()).get(5, TimeUnit.SECONDS)
        .isTerminated()).isFalse();
    assertThat(peer.requests("connect")).hasSize(2);
  }

  @Test
  void withoutAPolicyALostConnectionStaysFailed() throws Exception {
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    CopilotClient client = client(RestartPolicy.none());
    client.onStateChange(changes::add);
    start(client);

    peer.disconnect();
    await().atMost(WAIT).until(() -> client.state() == ClientState.FAILED);
    Thread.sleep(500);

    assertThat(changes).extracting(ClientStateChange::current)
        .containsExactly(ClientState.STARTING, ClientState.CONNECTED, ClientState.FAILED);
    assertThat(peer.requests("connect")).hasSize(1);
  }

  @Test
  void afterMaxAttemptsTheClientStaysFailedWithTheLastFailure() throws Exception {
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    CopilotClient client = client(RestartPolicy.attempts(3, Duration.ofMillis(20), Duration.ofMillis(80)));
    client.onStateChange(changes::add);
    start(client);

    peer.close(); // the server is gone: every reconnect is refused

    await().atMost(WAIT).until(() -> changes.size() == 2 + 1 + 3 * 2);
    Thread.sleep(500); // and nothing more happens
    assertThat(changes).extracting(ClientStateChange::current).containsExactly(ClientState.STARTING,
        ClientState.CONNECTED, ClientState.FAILED, ClientState.STARTING, ClientState.FAILED, ClientState.STARTING,
        ClientState.FAILED, ClientState.STARTING, ClientState.FAILED);
    assertThat(client.state()).isEqualTo(ClientState.FAILED);
    assertThat(client.failure()).isSameAs(changes.get(8).cause()).hasMessageContaining("Cannot connect");
  }

  @Test
  void stopDuringTheBackoffCancelsTheRestart() throws Exception {
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    CopilotClient client = client(RestartPolicy.attempts(3, Duration.ofMillis(800), Duration.ofMillis(800)));
    client.onStateChange(changes::add);
    start(client);

    peer.disconnect();
    await().atMost(WAIT).until(() -> client.state() == ClientState.FAILED);
    client.stop().get(5, TimeUnit.SECONDS);
    Thread.sleep(1200); // past the back-off

    assertThat(client.state()).isEqualTo(ClientState.STOPPED);
    assertThat(changes).extracting(ClientStateChange::current).containsExactly(ClientState.STARTING,
        ClientState.CONNECTED, ClientState.FAILED, ClientState.STOPPING, ClientState.STOPPED);
    assertThat(peer.requests("connect")).hasSize(1);
  }

  @Test
  void aStartByHandDuringTheBackoffReplacesTheRestart() throws Exception {
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    CopilotClient client = client(RestartPolicy.attempts(3, Duration.ofMillis(800), Duration.ofMillis(800)));
    client.onStateChange(changes::add);
    start(client);

    peer.disconnect();
    await().atMost(WAIT).until(() -> client.state() == ClientState.FAILED);
    client.start().get(5, TimeUnit.SECONDS);
    Thread.sleep(1200);

    assertThat(changes).extracting(ClientStateChange::current).containsExactly(ClientState.STARTING,
        ClientState.CONNECTED, ClientState.FAILED, ClientState.STARTING, ClientState.CONNECTED);
    assertThat(peer.requests("connect")).hasSize(2);
  }

  @Test
  void aFailedStartIsNotRestarted() throws Exception {
    int port = peer.port();
    peer.close();
    List<ClientStateChange> changes = new CopyOnWriteArrayList<>();
    CopilotClient client = new CopilotClient(CopilotClientOptions.builder().serverAddress("127.0.0.1:" + port)
        .restartPolicy(RestartPolicy.attempts(3, Duration.ZERO, Duration.ZERO)).build());
    clients.add(client);
    client.onStateChange(changes::add);

    assertThat(client.start().handle((ok, error) -> error).get(5, TimeUnit.SECONDS))
        .hasMessageContaining("Cannot connect");
    Thread.sleep(300);

    assertThat(changes).extracting(ClientStateChange::current)
        .containsExactly(ClientState.STARTING, ClientState.FAILED);
  }

  // ---------------------------------------------------------------- helpers

  private CopilotClient client(RestartPolicy policy) {
    CopilotClient client = new CopilotClient(CopilotClientOptions.builder()
        .serverAddress(peer.address())
        .requestTimeout(WAIT)
        .shutdownTimeout(Duration.ofSeconds(1))
        .restartPolicy(policy)
        .build());
    clients.add(client);
    return client;
  }

  private static void start(CopilotClient client) throws Exception {
    client.start().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
