package dev.copilotj.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import dev.copilotj.CloudOptions;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.JsonRpcException;
import dev.copilotj.RequestTimeoutException;
import dev.copilotj.SessionConfig;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.cloud.ScriptedCliPeer.Request;
import dev.copilotj.internal.session.SessionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failed create is reported only after everything it registered is gone: at the very instant the caller's future
 * fails, the registry holds no pending create, no session and no early buffer of that create, and nothing routes
 * to it. Each test takes a {@link Snapshot} in a dependent stage of the caller's future; the client runs callbacks
 * on the completing thread ({@code executor(Runnable::run)}), so that stage runs the moment the future fails, before
 * anything else the completing thread would do next. Before the fix the caller's future was the request's own
 * future with the clean-up chained on it, and a stage the caller added ran first (dependents run last-in first);
 * every test here then saw the pending create or the session still registered.
 */
class FailedCreateCleanupTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PROVISIONAL = "clientSessionId";

  private PeerClients fixture;
  private ScriptedCliPeer peer;
  private final List<SessionLifecycleEvent> lifecycle = new CopyOnWriteArrayList<>();
  /** Opened once the test's snapshot stage is attached, so no answer can come before it. */
  private final CountDownLatch armed = new CountDownLatch(1);

  /** What the registry held when the caller's future failed. */
  record Snapshot(int openSessions, List<String> pending, int live, int earlyIds, List<String> routable) {
  }

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
  void notificationThenErrorResponse() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    peer.onCloudCreate(armedFirst((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.event("srv-1", "e1");
      p.respondError(request, -32603, "no cloud today");
    }));

    Failed failed = createAndSnapshot(client, registry, cloud(), "srv-1");

    assertThat(failed.error()).isInstanceOf(JsonRpcException.class).hasMessageContaining("no cloud today");
    assertThat(failed.snapshot()).isEqualTo(clean());
  }

  @Test
  void errorResponseFirstThenALateNotificationAndEventsBuildNothing() throws Exception {
    CopilotClient client = connect(b -> b.earlyEventTtl(Duration.ofMillis(200)));
    SessionRegistry registry = registryOf(client);
    client.onLifecycle(lifecycle::add);
    AtomicReference<String> provisional = new AtomicReference<>();
    peer.onCloudCreate(armedFirst((request, p) -> {
      provisional.set(request.param(PROVISIONAL));
      p.respondError(request, -32603, "no cloud today");
    }));

    Failed failed = createAndSnapshot(client, registry, cloud(), "srv-1");
    assertThat(failed.snapshot()).isEqualTo(clean());

    peer.lifecycleCreated("srv-1", provisional.get());
    peer.event("srv-1", "e1");
    peer.lifecycle(SessionLifecycleEvent.UPDATED, "srv-1", null); // marker: everything before it was routed
    await().atMost(WAIT).until(() -> lifecycle.stream().anyMatch(e -> e.type().equals(SessionLifecycleEvent.UPDATED)));
    assertThat(registry.pendingCount()).isZero();
    assertThat(registry.live("srv-1")).isNull();
    assertThat(client.openSessionCount()).isZero();
    await().atMost(WAIT).until(registry::isEmpty); // the unattributable event expires
  }

  @Test
  void eventsFirstThenNotificationThenErrorResponse() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    peer.onCloudCreate(armedFirst((request, p) -> {
      p.event("srv-1", "e1");
      p.event("srv-1", "e2");
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.event("srv-1", "e3");
      p.respondError(request, -32603, "no cloud today");
    }));

    Failed failed = createAndSnapshot(client, registry, cloud(), "srv-1");

    assertThat(failed.error()).isInstanceOf(JsonRpcException.class);
    assertThat(failed.snapshot()).isEqualTo(clean());
  }

  @Test
  void errorResponseWithoutAnyNotification() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    peer.onCloudCreate(armedFirst((request, p) -> p.respondError(request, -32601, "Unhandled method session.create")));

    Failed failed = createAndSnapshot(client, registry, cloud(), "srv-1");

    assertThat(failed.error()).isInstanceOf(JsonRpcException.class);
    assertThat(failed.snapshot()).isEqualTo(clean());
  }

  @Test
  void duplicatedNotificationsThenErrorThenAnotherDuplicate() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    client.onLifecycle(lifecycle::add);
    AtomicReference<String> provisional = new AtomicReference<>();
    peer.onCloudCreate(armedFirst((request, p) -> {
      provisional.set(request.param(PROVISIONAL));
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.respondError(request, -32603, "no cloud today");
    }));

    Failed failed = createAndSnapshot(client, registry, cloud(), "srv-1");
    assertThat(failed.snapshot()).isEqualTo(clean());

    peer.lifecycleCreated("srv-1", provisional.get()); // after the failure: must not build the session again
    peer.lifecycle(SessionLifecycleEvent.UPDATED, "srv-1", null);
    await().atMost(WAIT).until(() -> lifecycle.stream().anyMatch(e -> e.type().equals(SessionLifecycleEvent.UPDATED)));
    assertThat(registry.live("srv-1")).isNull();
    assertThat(registry.pendingCount()).isZero();
  }

  @Test
  void timeoutAfterTheNotification() throws Exception {
    CopilotClient client = connect(b -> b.requestTimeout(Duration.ofMillis(300)));
    SessionRegistry registry = registryOf(client);
    peer.onCloudCreate(armedFirst((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.event("srv-1", "e1");
    }));

    Failed failed = createAndSnapshot(client, registry, cloud(), "srv-1");

    assertThat(failed.error()).isInstanceOf(RequestTimeoutException.class);
    assertThat(failed.snapshot()).isEqualTo(clean());
  }

  @Test
  void stoppingTheClientWhileCreatesArePending() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    CompletableFuture<CopilotSession> built = client.createSession(onRepository("a"));
    Taken atBuiltFailure = snapshotOnFailure(client, registry, built, "srv-a");
    CompletableFuture<CopilotSession> unannounced = client.createSession(onRepository("b"));
    Taken atUnannouncedFailure = snapshotOnFailure(client, registry, unannounced, "srv-a");
    List<Request> creates = peer.awaitRequests("session.create", 2, WAIT);
    peer.lifecycleCreated("srv-a", repository(creates, "a").param(PROVISIONAL));
    await().atMost(WAIT).until(() -> registry.live("srv-a") != null);

    client.stop().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(failure(built)).isInstanceOf(ConnectionClosedException.class);
    assertThat(failure(unannounced)).isInstanceOf(ConnectionClosedException.class);
    // the stop fails the creates one by one: at each failure that create is gone (the other may not be yet)
    String pa = repository(creates, "a").param(PROVISIONAL);
    String pb = repository(creates, "b").param(PROVISIONAL);
    assertThat(atBuiltFailure.get()).isNotNull();
    assertThat(atBuiltFailure.get().pending()).doesNotContain(pa);
    assertThat(atBuiltFailure.get().routable()).isEmpty();
    assertThat(atUnannouncedFailure.get()).isNotNull();
    assertThat(atUnannouncedFailure.get().pending()).doesNotContain(pb);
    assertThat(registry.isEmpty()).isTrue();
  }

  @Test
  void concurrentCreatesOneFailsAfterItsNotificationTheOtherSucceeds() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    CompletableFuture<CopilotSession> createA = client.createSession(onRepository("a"));
    Taken atFailureA = snapshotOnFailure(client, registry, createA, "sa", "sb");
    CompletableFuture<CopilotSession> createB = client.createSession(onRepository("b"));
    List<Request> creates = peer.awaitRequests("session.create", 2, WAIT);
    Request a = repository(creates, "a");
    Request b = repository(creates, "b");

    peer.lifecycleCreated("sb", b.param(PROVISIONAL));
    peer.lifecycleCreated("sa", a.param(PROVISIONAL));
    peer.event("sa", "a1");
    peer.respondError(a, -32603, "no cloud for a");
    assertThat(failure(createA)).isInstanceOf(JsonRpcException.class);
    peer.respond(b, Map.of("sessionId", "sb"));
    CopilotSession sessionB = createB.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    // at A's failure: A's create and session gone; B built by its notification, still pending its response
    assertThat(atFailureA.get()).isEqualTo(new Snapshot(1, List.of(b.param(PROVISIONAL)), 1, 0, List.of("sb")));
    assertThat(sessionB.id()).isEqualTo("sb");
    assertThat(registry.live("sb")).isNotNull();
    assertThat(registry.live("sa")).isNull();
    assertThat(registry.pendingCount()).isZero();
    assertThat(client.openSessionCount()).isEqualTo(1);
  }

  @Test
  void aFailedLocalCreateIsGoneWhenItsFutureFails() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    peer.on("session.create", armedFirst((request, p) -> {
      p.event("loc-1", "e1");
      p.respondError(request, -32603, "no session today");
    }));

    Failed failed = createAndSnapshot(client, registry, SessionConfig.builder().sessionId("loc-1").build(), "loc-1");

    assertThat(failed.error()).isInstanceOf(JsonRpcException.class);
    assertThat(failed.snapshot()).isEqualTo(clean());
  }

  @Test
  void aFailedResumeOfAStoredSessionIsGoneWhenItsFutureFails() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    peer.on("session.resume", armedFirst((request, p) -> p.respondError(request, -32603, "Session not found: loc-2")));

    CompletableFuture<CopilotSession> resumed = client.resumeSession("loc-2", SessionConfig.defaults());
    Taken atFailure = snapshotOnFailure(client, registry, resumed, "loc-2");
    armed.countDown();

    assertThat(failure(resumed)).isInstanceOf(JsonRpcException.class);
    assertThat(atFailure.get()).isEqualTo(clean());
  }

  // ---------------------------------------------------------------- helpers

  record Failed(Throwable error, Snapshot snapshot) {
  }

  /** Holds a scripted answer until the test's snapshot stage is attached to the caller's future. */
  private ScriptedCliPeer.Handler armedFirst(ScriptedCliPeer.Handler handler) {
    return (request, p) -> {
      assertThat(armed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      handler.handle(request, p);
    };
  }

  private static Snapshot clean() {
    return new Snapshot(0, List.of(), 0, 0, List.of());
  }

  private Failed createAndSnapshot(CopilotClient client, SessionRegistry registry, SessionConfig config,
      String... ids) throws Exception {
    CompletableFuture<CopilotSession> created = client.createSession(config);
    Taken snapshot = snapshotOnFailure(client, registry, created, ids);
    armed.countDown();
    Throwable error = failure(created);
    Snapshot taken = snapshot.get();
    assertThat(taken).as("a snapshot was taken when the future failed").isNotNull();
    return new Failed(error, taken);
  }

  /**
   * Takes a snapshot in a dependent stage of the caller's future. With the direct executor it runs on the thread
   * that fails the future, at that instant.
   */
  private static Taken snapshotOnFailure(CopilotClient client, SessionRegistry registry,
      CompletableFuture<CopilotSession> future, String... ids) {
    AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    CompletableFuture<?> stage = future.whenComplete((ok, error) -> {
      if (error != null) {
        List<String> routable = new ArrayList<>();
        for (String id : ids) {
          if (registry.live(id) != null) {
            routable.add(id);
          }
        }
        snapshot.set(new Snapshot(client.openSessionCount(), registry.pendingIds(), registry.liveCount(),
            registry.earlyCount(), List.copyOf(routable)));
      }
    });
    return new Taken(stage, snapshot);
  }

  /** A snapshot stage: {@link #get()} waits for the stage (a waiter on the future itself may wake before it ran). */
  record Taken(CompletableFuture<?> stage, AtomicReference<Snapshot> snapshot) {
    Snapshot get() throws Exception {
      stage.handle((ok, error) -> null).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return snapshot.get();
    }
  }

  private CopilotClient connect(UnaryOperator<CopilotClientOptions.Builder> customize) throws Exception {
    // a dependent stage runs on the completing thread, at the instant of completion
    return fixture.connect(b -> customize.apply(b.executor(Runnable::run)));
  }

  private static SessionConfig cloud() {
    return PeerClients.cloud();
  }

  private static SessionConfig onRepository(String name) {
    return SessionConfig.builder().cloud(CloudOptions.repository("octo", name, null)).build();
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

  /** White box: the registry is not API, but "nothing stays registered" is exactly what it holds. */
  static SessionRegistry registryOf(CopilotClient client) throws ReflectiveOperationException {
    Field current = CopilotClient.class.getDeclaredField("current");
    current.setAccessible(true);
    Object connection = current.get(client);
    Field registry = connection.getClass().getDeclaredField("registry");
    registry.setAccessible(true);
    return (SessionRegistry) registry.get(connection);
  }
}
