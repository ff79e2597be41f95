package dev.copilotj.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
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
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.copilotj.CloudOptions;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotException;
import dev.copilotj.CopilotSession;
import dev.copilotj.JsonRpcException;
import dev.copilotj.RequestTimeoutException;
import dev.copilotj.SessionConfig;
import dev.copilotj.SessionLifecycleEvent;
import dev.copilotj.cloud.ScriptedCliPeer.Request;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.internal.session.SessionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cloud session creates through the real {@link CopilotClient} over TCP against a {@link ScriptedCliPeer}:
 * the server assigns the id, and its {@code session.created} notification and the create response may come
 * in either order, twice, late, or never.
 */
class CloudSessionTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PROVISIONAL = "clientSessionId";

  private PeerClients fixture;
  private ScriptedCliPeer peer;
  private final List<ExecutorService> pools = new ArrayList<>();
  private final List<SessionLifecycleEvent> lifecycle = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startPeer() throws Exception {
    fixture = PeerClients.start();
    peer = fixture.peer();
  }

  @AfterEach
  void stopAll() {
    fixture.close();
    pools.forEach(ExecutorService::shutdownNow);
  }

  // ---------------------------------------------------------------- the request

  @Test
  void theCreateCarriesCloudAndTheProvisionalIdButNoSessionId() throws Exception {
    CopilotClient client = connect(b -> b);
    peer.onCloudCreate((request, p) -> p.respond(request, Map.of("sessionId", "srv-" + request.param(PROVISIONAL))));

    CopilotSession onRepo = get(client.createSession(SessionConfig.builder().model("m1")
        .cloud(CloudOptions.repository("octo", "hello", "main")).build()));
    CopilotSession bare = get(client.createSession(SessionConfig.builder().cloud(CloudOptions.defaults()).build()));

    List<Request> creates = peer.requests("session.create");
    assertThat(creates).hasSize(2);
    JsonNode first = creates.get(0).params();
    assertThat(first.has("sessionId")).as("the runtime rejects a sessionId on a cloud create").isFalse();
    assertThat(first.path(PROVISIONAL).asText()).isNotBlank();
    assertThat(first.path("model").asText()).isEqualTo("m1");
    assertThat(first.path("cloud").path("repository").path("owner").asText()).isEqualTo("octo");
    assertThat(first.path("cloud").path("repository").path("name").asText()).isEqualTo("hello");
    assertThat(first.path("cloud").path("repository").path("branch").asText()).isEqualTo("main");
    JsonNode second = creates.get(1).params();
    assertThat(second.has("sessionId")).isFalse();
    assertThat(second.path("cloud").isObject()).isTrue();
    assertThat(second.path("cloud").has("repository")).isFalse();
    assertThat(second.path(PROVISIONAL).asText()).isNotEqualTo(first.path(PROVISIONAL).asText());

    assertThat(onRepo.id()).isEqualTo("srv-" + first.path(PROVISIONAL).asText());
    assertThat(bare.id()).isEqualTo("srv-" + second.path(PROVISIONAL).asText());
    assertThat(client.openSessionCount()).isEqualTo(2);
  }

  // ---------------------------------------------------------------- the provisional id

  @Test
  void aProvisionalIdTheCallerChoseTravelsAsClientSessionIdAndComesBackEverywhere() throws Exception {
    CopilotClient client = connect(b -> b);
    client.onLifecycle(lifecycle::add);
    CompletableFuture<CopilotSession> created = client.createSession(SessionConfig.builder()
        .cloud(CloudOptions.repository("octo", "hello", null).withClientSessionId("order-42")).build());
    Request request = awaitCloudCreate();
    assertThat(request.param(PROVISIONAL)).isEqualTo("order-42");
    assertThat(client.sessionRegistryStats().pendingCreates()).containsExactly("order-42");

    peer.lifecycleCreated("srv-1", "order-42");
    peer.respond(request, Map.of("sessionId", "srv-1"));
    CopilotSession session = get(created);

    assertThat(session.id()).isEqualTo("srv-1");
    assertThat(session.clientSessionId()).isEqualTo("order-42");
    await().atMost(WAIT).until(() -> !lifecycle.isEmpty());
    assertThat(lifecycle.get(0).clientSessionId()).isEqualTo("order-42");
    assertThat(client.sessionRegistryStats().pendingCreates()).isEmpty();
  }

  @Test
  void aSecondCreateWithAProvisionalIdAlreadyInFlightFailsAndLeavesTheFirstAlone() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionConfig config = SessionConfig.builder().cloud(CloudOptions.defaults().withClientSessionId("same"))
        .build();
    CompletableFuture<CopilotSession> first = client.createSession(config);
    Request request = awaitCloudCreate();

    Throwable error = failure(client.createSession(config));

    assertThat(error).isInstanceOf(CopilotException.class)
        .hasMessageContaining("clientSessionId same is already in flight")
        .hasMessageContaining("CloudOptions.withClientSessionId");
    assertThat(peer.requests("session.create")).as("the second create was never sent").hasSize(1);
    assertThat(client.sessionRegistryStats().pendingCreates()).containsExactly("same");
    peer.respond(request, Map.of("sessionId", "srv-1"));
    assertThat(get(first).clientSessionId()).isEqualTo("same");
  }

  @Test
  void aSessionIdOnACloudConfigIsRefusedWithTheFix() {
    SessionConfig.Builder builder = SessionConfig.builder().sessionId("mine").cloud(CloudOptions.defaults());

    assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionId(\"mine\") cannot be used with cloud(...)")
        .hasMessageContaining("CloudOptions.withClientSessionId");
    assertThatThrownBy(() -> CloudOptions.defaults().withClientSessionId(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientSessionId is blank");
  }

  // ---------------------------------------------------------------- notification and response orders

  @Test
  void notificationBeforeResponseMaterializesBeforeTheLifecycleListenerRuns() throws Exception {
    CopilotClient client = connect(b -> b);
    CountDownLatch heard = new CountDownLatch(1);
    List<Integer> openWhenHeard = new CopyOnWriteArrayList<>();
    client.onLifecycle(event -> {
      openWhenHeard.add(client.openSessionCount());
      lifecycle.add(event);
      heard.countDown();
    });

    CompletableFuture<CopilotSession> created = client.createSession(cloud());
    Request request = awaitCloudCreate();
    String provisional = request.param(PROVISIONAL);
    peer.lifecycleCreated("srv-1", provisional);

    assertThat(heard.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(created).as("the response has not been sent yet").isNotDone();
    assertThat(openWhenHeard).containsExactly(1);
    assertThat(lifecycle).singleElement().satisfies(event -> {
      assertThat(event.type()).isEqualTo(SessionLifecycleEvent.CREATED);
      assertThat(event.sessionId()).isEqualTo("srv-1");
      assertThat(event.clientSessionId()).isEqualTo(provisional);
      assertThat(event.startTime()).isNotNull();
    });

    peer.respond(request, Map.of("sessionId", "srv-1"));
    CopilotSession session = get(created);

    assertThat(session.id()).isEqualTo("srv-1");
    assertThat(client.openSessionCount()).isEqualTo(1);
    assertThat(session.isTerminated()).isFalse();
  }

  @Test
  void responseBeforeNotification() throws Exception {
    CopilotClient client = connect(b -> b);
    List<Integer> openWhenHeard = new CopyOnWriteArrayList<>();
    client.onLifecycle(event -> {
      openWhenHeard.add(client.openSessionCount());
      lifecycle.add(event);
    });

    CompletableFuture<CopilotSession> created = client.createSession(cloud());
    Request request = awaitCloudCreate();
    peer.respond(request, Map.of("sessionId", "srv-1"));
    CopilotSession session = get(created);
    assertThat(session.id()).isEqualTo("srv-1");
    assertThat(client.openSessionCount()).isEqualTo(1);

    peer.lifecycleCreated("srv-1", request.param(PROVISIONAL));
    peer.lifecycle(SessionLifecycleEvent.UPDATED, "srv-1", null);
    awaitLifecycle(2);

    assertThat(lifecycle).extracting(SessionLifecycleEvent::type)
        .containsExactly(SessionLifecycleEvent.CREATED, SessionLifecycleEvent.UPDATED);
    assertThat(lifecycle.get(0).clientSessionId()).isEqualTo(request.param(PROVISIONAL));
    assertThat(openWhenHeard).containsExactly(1, 1);
    assertThat(client.openSessionCount()).as("the late notification built no second session").isEqualTo(1);
  }

  @Test
  void duplicatedNotificationsAreHeardOnce() throws Exception {
    CopilotClient client = connect(b -> b);
    client.onLifecycle(lifecycle::add);
    peer.onCloudCreate((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.respond(request, Map.of("sessionId", "srv-1"));
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.lifecycle(SessionLifecycleEvent.UPDATED, "srv-1", null); // the marker: sent after every duplicate
    });

    CopilotSession session = get(client.createSession(cloud()));
    awaitLifecycle(2);

    assertThat(session.id()).isEqualTo("srv-1");
    assertThat(lifecycle).extracting(SessionLifecycleEvent::type)
        .containsExactly(SessionLifecycleEvent.CREATED, SessionLifecycleEvent.UPDATED);
    assertThat(client.openSessionCount()).isEqualTo(1);
  }

  @Test
  void aCreateAwaitingItsResponseHoldsBackNeitherOtherRequestsNorTheSession() throws Exception {
    CopilotClient client = connect(b -> b);
    CountDownLatch release = new CountDownLatch(1);
    peer.onCloudCreate((request, p) -> {
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.after(Duration.ofMillis(20), () -> {
        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        p.respond(request, Map.of("sessionId", "srv-1"));
      });
    });

    CompletableFuture<CopilotSession> created = client.createSession(cloud());
    // the ping goes out after the create, so its answer comes after the notification on the wire
    assertThat(get(client.ping("x")).message()).isEqualTo("pong: x");

    assertThat(created).isNotDone();
    assertThat(client.openSessionCount()).as("materialized by the notification").isEqualTo(1);
    release.countDown();
    assertThat(get(created).id()).isEqualTo("srv-1");
    assertThat(client.openSessionCount()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- events

  @Test
  void earlyEventsAreReplayedIntoTheSessionLaneInWireOrder() throws Exception {
    // the gate holds every callback, so the listener is attached before the session's lane runs
    GatedExecutor gate = new GatedExecutor();
    CopilotClient client = connect(b -> b.executor(gate));
    gate.close();
    CountDownLatch scripted = new CountDownLatch(1);
    peer.onCloudCreate((request, p) -> {
      p.event("srv-1", "e1"); // before both the notification and the response
      p.event("srv-1", "e2");
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.event("srv-1", "e3");
      p.respond(request, Map.of("sessionId", "srv-1"));
      p.event("srv-1", "e4");
      scripted.countDown();
    });

    List<String> got = new CopyOnWriteArrayList<>();
    get(client.createSession(cloud(got)));
    gate.open();
    assertThat(scripted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue(); // e5 must follow e4 on the wire
    peer.event("srv-1", "e5");

    await().atMost(WAIT).until(() -> got.size() >= 5);
    assertThat(got).containsExactly("e1", "e2", "e3", "e4", "e5");
  }

  @Test
  void earlyEventsFromTheResponsePathAreReplayedToo() throws Exception {
    GatedExecutor gate = new GatedExecutor();
    CopilotClient client = connect(b -> b.executor(gate));
    gate.close();
    CountDownLatch scripted = new CountDownLatch(1);
    peer.onCloudCreate((request, p) -> {
      p.event("srv-1", "e1");
      p.event("srv-1", "e2");
      p.respond(request, Map.of("sessionId", "srv-1"));
      p.event("srv-1", "e3");
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      scripted.countDown();
    });

    List<String> got = new CopyOnWriteArrayList<>();
    get(client.createSession(cloud(got)));
    gate.open();
    assertThat(scripted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    peer.event("srv-1", "e4");

    await().atMost(WAIT).until(() -> got.size() >= 4);
    assertThat(got).containsExactly("e1", "e2", "e3", "e4");
  }

  /**
   * Documents why {@link SessionConfig.Builder#onEvent} exists: a listener attached with {@code session.on} after
   * the create completes hears only what is still to be dispatched when it comes (events that arrive while a
   * session has no listener are not kept for listeners that come later), and a cloud session object exists only
   * after the future completes. Some or all of the replayed early events may be gone before the caller can
   * attach; a config listener sees them all.
   */
  @Test
  void aListenerAttachedAfterTheCreateHearsATailOfTheEventsAndAConfigListenerHearsThemAll() throws Exception {
    CopilotClient client = connect(b -> b.executor(Runnable::run));
    peer.onCloudCreate((request, p) -> {
      p.event("srv-1", "e1");
      p.event("srv-1", "e2");
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.respond(request, Map.of("sessionId", "srv-1"));
    });
    List<String> fromConfig = new CopyOnWriteArrayList<>();

    CopilotSession session = get(client.createSession(SessionConfig.builder().cloud(CloudOptions.defaults())
        .onEvent(event -> fromConfig.add(event.id())).build()));
    List<String> late = collect(session);
    peer.event("srv-1", "e3");

    await().atMost(WAIT).until(() -> late.contains("e3"));
    assertThat(fromConfig).containsExactly("e1", "e2", "e3");
    // the late listener hears a tail of the same sequence: whatever was still queued when it came, then e3
    assertThat(late).endsWith("e3");
    assertThat(fromConfig).endsWith(late.toArray(String[]::new));
  }

  @Test
  void twoConcurrentCreatesAnsweredOutOfOrderEachGetOnlyTheirOwnEvents() throws Exception {
    GatedExecutor gate = new GatedExecutor();
    CopilotClient client = connect(b -> b.executor(gate));
    client.onLifecycle(lifecycle::add);
    gate.close();

    List<String> gotA = new CopyOnWriteArrayList<>();
    List<String> gotB = new CopyOnWriteArrayList<>();
    CompletableFuture<CopilotSession> createA = client.createSession(onRepository("a", gotA));
    CompletableFuture<CopilotSession> createB = client.createSession(onRepository("b", gotB));
    List<Request> creates = peer.awaitRequests("session.create", 2, WAIT);
    Request a = repository(creates, "a");
    Request b = repository(creates, "b");
    String pa = a.param(PROVISIONAL);
    String pb = b.param(PROVISIONAL);
    assertThat(pa).isNotEqualTo(pb);

    peer.event("sb", "b1");
    peer.event("sa", "a1");
    peer.lifecycleCreated("sb", pb);
    peer.event("sb", "b2");
    peer.event("sa", "a2");
    peer.respond(b, Map.of("sessionId", "sb")); // p2 answered before p1
    peer.event("sa", "a3");
    peer.event("sb", "b3");
    peer.lifecycleCreated("sa", pa);
    peer.lifecycleCreated("sb", pb);
    peer.event("sa", "a4");
    peer.respond(a, Map.of("sessionId", "sa"));
    peer.event("sb", "b4");
    peer.event("sa", "a5");

    CopilotSession sessionB = get(createB);
    CopilotSession sessionA = get(createA);
    assertThat(sessionA.id()).isEqualTo("sa");
    assertThat(sessionB.id()).isEqualTo("sb");
    gate.open();

    await().atMost(WAIT).until(() -> gotA.size() >= 5 && gotB.size() >= 4 && lifecycle.size() >= 2);
    assertThat(gotA).containsExactly("a1", "a2", "a3", "a4", "a5");
    assertThat(gotB).containsExactly("b1", "b2", "b3", "b4");
    assertThat(lifecycle).extracting(SessionLifecycleEvent::sessionId, SessionLifecycleEvent::clientSessionId)
        .containsExactly(tuple("sb", pb), tuple("sa", pa));
    assertThat(client.openSessionCount()).isEqualTo(2);
  }

  @Test
  void earlyBufferOverflowKeepsTheNewestEvents() throws Exception {
    GatedExecutor gate = new GatedExecutor();
    CopilotClient client = connect(b -> b.executor(gate).earlyEventBufferSize(3));
    gate.close();
    peer.onCloudCreate((request, p) -> {
      for (int i = 1; i <= 6; i++) {
        p.event("srv-1", "e" + i);
      }
      p.lifecycleCreated("srv-1", request.param(PROVISIONAL));
      p.respond(request, Map.of("sessionId", "srv-1"));
    });

    List<String> got = new CopyOnWriteArrayList<>();
    get(client.createSession(cloud(got)));
    gate.open();
    peer.event("srv-1", "e7");

    await().atMost(WAIT).until(() -> got.contains("e7"));
    assertThat(got).containsExactly("e4", "e5", "e6", "e7");
  }

  // ---------------------------------------------------------------- failures

  @Test
  void anErrorResponseWithoutNotificationFailsTheCreateAndRegistersNothing() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    peer.onCloudCreate((request, p) -> p.respondError(request, -32601, "Unhandled method session.create"));

    Throwable error = failure(client.createSession(cloud()));

    assertThat(error).isInstanceOf(JsonRpcException.class);
    assertThat(((JsonRpcException) error).code()).isEqualTo(-32601);
    assertThat(client.openSessionCount()).isZero();
    await().atMost(WAIT).until(registry::isEmpty);
  }

  @Test
  void anErrorResponseAfterTheNotificationRemovesTheSessionItBuilt() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    CountDownLatch heard = new CountDownLatch(1);
    client.onLifecycle(event -> heard.countDown());

    CompletableFuture<CopilotSession> created = client.createSession(cloud());
    Request request = awaitCloudCreate();
    peer.lifecycleCreated("srv-1", request.param(PROVISIONAL));
    peer.event("srv-1", "e1");
    assertThat(heard.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(client.openSessionCount()).as("built by the notification").isEqualTo(1);

    peer.respondError(request, -32603, "Request session.create failed with message: no cloud today");
    Throwable error = failure(created);

    assertThat(error).isInstanceOf(JsonRpcException.class).hasMessageContaining("no cloud today");
    await().atMost(WAIT).until(registry::isEmpty);
    assertThat(client.openSessionCount()).isZero();
  }

  @Test
  void noAnswerTimesOutAndALateNotificationAndEventsRegisterNothingThatStays() throws Exception {
    CopilotClient client = connect(b -> b.requestTimeout(Duration.ofMillis(300))
        .earlyEventTtl(Duration.ofMillis(200)));
    SessionRegistry registry = registryOf(client);
    List<Integer> openWhenHeard = new CopyOnWriteArrayList<>();
    client.onLifecycle(event -> {
      openWhenHeard.add(client.openSessionCount());
      lifecycle.add(event);
    });

    CompletableFuture<CopilotSession> created = client.createSession(cloud());
    Request request = awaitCloudCreate();
    Throwable error = failure(created);
    assertThat(error).isInstanceOf(RequestTimeoutException.class);
    await().atMost(WAIT).until(registry::isEmpty);

    peer.lifecycleCreated("srv-1", request.param(PROVISIONAL));
    peer.event("srv-1", "e1");
    peer.event("srv-1", "e2");
    peer.respond(request, Map.of("sessionId", "srv-1")); // far too late: the client forgot the request
    peer.lifecycle(SessionLifecycleEvent.UPDATED, "srv-1", null);
    awaitLifecycle(3);

    // the late created is followed by the client's end of the failed create, before the marker
    assertThat(lifecycle).extracting(SessionLifecycleEvent::type).containsExactly(SessionLifecycleEvent.CREATED,
        SessionLifecycleEvent.CREATE_FAILED, SessionLifecycleEvent.UPDATED);
    assertThat(openWhenHeard).containsExactly(0, 0, 0);
    assertThat(client.openSessionCount()).isZero();
    assertThat(registry.pendingCount()).isZero();
    assertThat(registry.liveCount()).isZero();
    // unattributable events wait for a session for the ttl, then go
    await().atMost(WAIT).until(registry::isEmpty);
  }

  @Test
  void stoppingTheClientFailsPendingCloudCreatesAndRegistersNothing() throws Exception {
    CopilotClient client = connect(b -> b);
    SessionRegistry registry = registryOf(client);
    CountDownLatch heard = new CountDownLatch(1);
    client.onLifecycle(event -> heard.countDown());

    CompletableFuture<CopilotSession> built = client.createSession(onRepository("a", new CopyOnWriteArrayList<>()));
    CompletableFuture<CopilotSession> unannounced = client.createSession(onRepository("b", new CopyOnWriteArrayList<>()));
    List<Request> creates = peer.awaitRequests("session.create", 2, WAIT);
    peer.lifecycleCreated("srv-a", repository(creates, "a").param(PROVISIONAL));
    assertThat(heard.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(client.openSessionCount()).isEqualTo(1);

    client.stop().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(failure(built)).isInstanceOf(ConnectionClosedException.class);
    assertThat(failure(unannounced)).isInstanceOf(ConnectionClosedException.class);
    await().atMost(WAIT).until(registry::isEmpty);
    assertThat(client.openSessionCount()).isZero();
  }

  // ---------------------------------------------------------------- helpers

  private CopilotClient connect(UnaryOperator<CopilotClientOptions.Builder> customize) throws Exception {
    return fixture.connect(customize);
  }

  private static SessionConfig cloud() {
    return PeerClients.cloud();
  }

  /** A cloud session whose config listener collects event ids from the session's first event on. */
  private static SessionConfig cloud(List<String> eventIds) {
    return SessionConfig.builder().cloud(CloudOptions.defaults()).onEvent(event -> eventIds.add(event.id())).build();
  }

  private static SessionConfig onRepository(String name, List<String> eventIds) {
    return SessionConfig.builder().cloud(CloudOptions.repository("octo", name, null))
        .onEvent(event -> eventIds.add(event.id())).build();
  }

  private static Request repository(List<Request> creates, String name) {
    return creates.stream()
        .filter(r -> r.params().path("cloud").path("repository").path("name").asText().equals(name))
        .findFirst().orElseThrow();
  }

  private Request awaitCloudCreate() throws TimeoutException, InterruptedException {
    Request request = peer.awaitRequests("session.create", 1, WAIT).get(0);
    assertThat(request.isCloudCreate()).isTrue();
    return request;
  }

  /**
   * Waits until the lifecycle listener has heard {@code count} events. The last one should be a
   * {@code session.updated} marker sent after what is checked: updated is never de-duplicated and the
   * lifecycle lane keeps wire order, so hearing it means everything before it was routed.
   */
  private void awaitLifecycle(int count) {
    await().atMost(WAIT).until(() -> lifecycle.size() >= count);
  }

  private static List<String> collect(CopilotSession session) {
    List<String> ids = new CopyOnWriteArrayList<>();
    session.on((SessionEvent event) -> ids.add(event.id()));
    return ids;
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
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
  private static SessionRegistry registryOf(CopilotClient client) throws ReflectiveOperationException {
    Field current = CopilotClient.class.getDeclaredField("current");
    current.setAccessible(true);
    Object connection = current.get(client);
    Field registry = connection.getClass().getDeclaredField("registry");
    registry.setAccessible(true);
    return (SessionRegistry) registry.get(connection);
  }

  /** Holds callbacks while closed, so a test can attach listeners before a session's lane runs. */
  private final class GatedExecutor implements Executor {
    private final ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "gated-callback");
      thread.setDaemon(true);
      return thread;
    });
    private final List<Runnable> held = new ArrayList<>();
    private boolean open = true;

    GatedExecutor() {
      pools.add(pool);
    }

    @Override
    public synchronized void execute(Runnable task) {
      if (open) {
        pool.execute(task);
      } else {
        held.add(task);
      }
    }

    synchronized void close() {
      open = false;
    }

    synchronized void open() {
      open = true;
      held.forEach(pool::execute);
      held.clear();
    }
  }
}
