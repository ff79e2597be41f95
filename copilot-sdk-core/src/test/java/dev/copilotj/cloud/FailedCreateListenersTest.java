package dev.copilotj.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.copilotj.CloudOptions;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.SessionConfig;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.cloud.ScriptedCliPeer.Request;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the listeners of a cloud create that fails hear, in every order the scripted peer plays (the README's
 * "Cloud sessions" section states the contract):
 * <ul>
 *   <li>config listeners hear the session's events only if the server announced it before the failure, and then
 *       last a {@link SessionErrorEvent} of type {@link CopilotSession#CREATE_FAILED_ERROR_TYPE}; otherwise
 *       nothing;</li>
 *   <li>lifecycle listeners hear, after every {@code session.created} of the create (before or after the failure),
 *       a {@link SessionLifecycleEvent#CREATE_FAILED} for the same session; nothing when none was heard.</li>
 * </ul>
 */
class FailedCreateListenersTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PROVISIONAL = "clientSessionId";
  private static final String FAILED = "error:" + CopilotSession.CREATE_FAILED_ERROR_TYPE;

  private PeerClients fixture;
  private ScriptedCliPeer peer;
  /** type:sessionId:clientSessionId of each lifecycle event heard, markers included. */
  private final List<String> lifecycle = new CopyOnWriteArrayList<>();

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
  void notificationEventsThenError() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    peer.onCloudCreate((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.event("srv-1", "e1");
      p.event("srv-1", "e2");
      p.respondError(request, -32603, "no cloud today");
    });

    String provisional = failedCreate(client, cloud(heard));

    awaitMarker();
    await().atMost(WAIT).until(() -> heard.contains(FAILED));
    assertThat(heard).containsExactly("e1", "e2", FAILED);
    assertThat(withoutMarkers()).containsExactly(created("srv-1", provisional), createFailed("srv-1", provisional));
  }

  @Test
  void errorFirstThenALateNotificationAndEvents() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    peer.onCloudCreate((request, p) -> p.respondError(request, -32603, "no cloud today"));

    String provisional = failedCreate(client, cloud(heard));
    peer.lifecycleCreated("srv-1", provisional);
    peer.event("srv-1", "e1");

    awaitMarker();
    assertThat(heard).as("never built: its listeners hear nothing").isEmpty();
    assertThat(withoutMarkers()).containsExactly(created("srv-1", provisional), createFailed("srv-1", provisional));
  }

  @Test
  void eventsFirstThenNotificationThenError() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    peer.onCloudCreate((request, p) -> {
      p.event("srv-1", "e1");
      p.event("srv-1", "e2");
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.event("srv-1", "e3");
      p.respondError(request, -32603, "no cloud today");
    });

    String provisional = failedCreate(client, cloud(heard));

    awaitMarker();
    await().atMost(WAIT).until(() -> heard.contains(FAILED));
    assertThat(heard).containsExactly("e1", "e2", "e3", FAILED);
    assertThat(withoutMarkers()).containsExactly(created("srv-1", provisional), createFailed("srv-1", provisional));
  }

  @Test
  void noNotificationAtAll() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    peer.onCloudCreate((request, p) -> {
      p.event("srv-1", "e1"); // unattributable: the server never names srv-1 for this create
      p.respondError(request, -32601, "Unhandled method session.create");
    });

    failedCreate(client, cloud(heard));

    awaitMarker();
    assertThat(heard).isEmpty();
    assertThat(withoutMarkers()).isEmpty();
  }

  @Test
  void duplicatedNotificationsAroundTheErrorGiveOneStartAndOneEnd() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    peer.onCloudCreate((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.respondError(request, -32603, "no cloud today");
    });

    String provisional = failedCreate(client, cloud(heard));
    peer.lifecycleCreated("srv-1", provisional);

    awaitMarker();
    await().atMost(WAIT).until(() -> heard.contains(FAILED));
    assertThat(heard).containsExactly(FAILED);
    assertThat(withoutMarkers()).containsExactly(created("srv-1", provisional), createFailed("srv-1", provisional));
  }

  @Test
  void timeoutAfterTheNotification() throws Exception {
    CopilotClient client = connect(b -> b.requestTimeout(Duration.ofMillis(300)));
    List<String> heard = new CopyOnWriteArrayList<>();
    peer.onCloudCreate((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.event("srv-1", "e1");
    });

    String provisional = failedCreate(client, cloud(heard));

    awaitMarker();
    await().atMost(WAIT).until(() -> heard.contains(FAILED));
    assertThat(heard).containsExactly("e1", FAILED);
    assertThat(withoutMarkers()).containsExactly(created("srv-1", provisional), createFailed("srv-1", provisional));
  }

  @Test
  void theServerNamesAnotherIdInItsResponse() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    peer.onCloudCreate((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.event("srv-1", "e1");
      p.respond(request, Map.of("sessionId", "srv-2"));
    });

    String provisional = failedCreate(client, cloud(heard));

    awaitMarker();
    await().atMost(WAIT).until(() -> heard.contains(FAILED));
    assertThat(heard).containsExactly("e1", FAILED);
    assertThat(withoutMarkers()).containsExactly(created("srv-1", provisional), createFailed("srv-1", provisional));
  }

  @Test
  void stoppingTheClientWhileCreatesArePending() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heardA = new CopyOnWriteArrayList<>();
    List<String> heardB = new CopyOnWriteArrayList<>();
    CompletableFuture<CopilotSession> built = client.createSession(onRepository("a", heardA));
    CompletableFuture<CopilotSession> unannounced = client.createSession(onRepository("b", heardB));
    List<Request> creates = peer.awaitRequests("session.create", 2, WAIT);
    String pa = repository(creates, "a").param(PROVISIONAL);
    peer.lifecycleCreated("srv-a", pa);
    peer.event("srv-a", "a1");
    await().atMost(WAIT).until(() -> heardA.contains("a1"));

    client.stop().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    failure(built);
    failure(unannounced);

    await().atMost(WAIT).until(() -> heardA.contains(FAILED) && lifecycle.size() >= 2);
    assertThat(heardA).containsExactly("a1", FAILED);
    assertThat(heardB).isEmpty();
    assertThat(lifecycle).containsExactly(created("srv-a", pa), createFailed("srv-a", pa));
  }

  @Test
  void concurrentCreatesOnlyTheFailedOneIsEnded() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heardA = new CopyOnWriteArrayList<>();
    List<String> heardB = new CopyOnWriteArrayList<>();
    CompletableFuture<CopilotSession> createA = client.createSession(onRepository("a", heardA));
    CompletableFuture<CopilotSession> createB = client.createSession(onRepository("b", heardB));
    List<Request> creates = peer.awaitRequests("session.create", 2, WAIT);
    Request a = repository(creates, "a");
    Request b = repository(creates, "b");
    String pa = a.param(PROVISIONAL);
    String pb = b.param(PROVISIONAL);

    peer.lifecycleCreated("sb", pb);
    peer.lifecycleCreated("sa", pa);
    peer.event("sa", "a1");
    peer.event("sb", "b1");
    peer.respondError(a, -32603, "no cloud for a");
    peer.respond(b, Map.of("sessionId", "sb"));
    failure(createA);
    createB.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    peer.event("sb", "b2");

    awaitMarker();
    await().atMost(WAIT).until(() -> heardA.contains(FAILED) && heardB.contains("b2"));
    assertThat(heardA).containsExactly("a1", FAILED);
    assertThat(heardB).containsExactly("b1", "b2");
    assertThat(withoutMarkers()).containsExactly(created("sb", pb), created("sa", pa), createFailed("sa", pa));
  }

  @Test
  void aSuccessfulCreateHasNoEnd() throws Exception {
    CopilotClient client = connect(b -> b);
    List<String> heard = new CopyOnWriteArrayList<>();
    peer.onCloudCreate((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.respond(request, Map.of("sessionId", "srv-1"));
      p.event("srv-1", "e1");
    });

    CopilotSession session = client.createSession(cloud(heard)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    awaitMarker();
    await().atMost(WAIT).until(() -> heard.contains("e1"));
    assertThat(heard).containsExactly("e1");
    assertThat(withoutMarkers()).containsExactly(created("srv-1", session.clientSessionId()));
  }

  // ---------------------------------------------------------------- helpers

  /** Creates, waits for the failure, and returns the provisional id the create carried. */
  private String failedCreate(CopilotClient client, SessionConfig config) throws Exception {
    CompletableFuture<CopilotSession> created = client.createSession(config);
    failure(created);
    return peer.requests("session.create").get(0).param(PROVISIONAL);
  }

  /**
   * Sends a {@code session.updated} marker and waits for it: the lifecycle lane keeps wire order, so everything the
   * reader routed before it has been heard.
   */
  private void awaitMarker() throws Exception {
    peer.lifecycle(SessionLifecycleEvent.UPDATED, "marker", null);
    await().atMost(WAIT).until(() -> lifecycle.stream().anyMatch(e -> e.startsWith(SessionLifecycleEvent.UPDATED)));
  }

  private List<String> withoutMarkers() {
    return lifecycle.stream().filter(e -> !e.startsWith(SessionLifecycleEvent.UPDATED)).toList();
  }

  private static String created(String sessionId, String provisional) {
    return SessionLifecycleEvent.CREATED + ":" + sessionId + ":" + provisional;
  }

  private static String createFailed(String sessionId, String provisional) {
    return SessionLifecycleEvent.CREATE_FAILED + ":" + sessionId + ":" + provisional;
  }

  private CopilotClient connect(UnaryOperator<CopilotClientOptions.Builder> customize) throws Exception {
    CopilotClient client = fixture.connect(customize);
    client.onLifecycle(e -> lifecycle.add(e.type() + ":" + e.sessionId() + ":" + e.clientSessionId()));
    return client;
  }

  private static String describe(SessionEvent event) {
    return event instanceof SessionErrorEvent error ? "error:" + error.errorType() : event.id();
  }

  private static SessionConfig cloud(List<String> heard) {
    return SessionConfig.builder().cloud(CloudOptions.defaults()).onEvent(e -> heard.add(describe(e))).build();
  }

  private static SessionConfig onRepository(String name, List<String> heard) {
    return SessionConfig.builder().cloud(CloudOptions.repository("octo", name, null))
        .onEvent(e -> heard.add(describe(e))).build();
  }

  private static Request repository(List<Request> creates, String name) {
    return creates.stream()
        .filter(r -> r.params().path("cloud").path("repository").path("name").asText().equals(name))
        .findFirst().orElseThrow();
  }

  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    try {
      Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected the future to fail, but it completed with " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
