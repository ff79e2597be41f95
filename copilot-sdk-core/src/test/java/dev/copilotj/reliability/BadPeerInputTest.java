package dev.copilotj.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.ClientState;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotClient;
import dev.copilotj.CopilotClientOptions;
import dev.copilotj.CopilotSession;
import dev.copilotj.PingResponse;
import dev.copilotj.RequestTimeoutException;
import dev.copilotj.SessionConfig;
import dev.copilotj.cloud.ScriptedCliPeer;
import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionInfoEvent;
import dev.copilotj.event.UnknownSessionEvent;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.rpc.FramingException;
import dev.copilotj.internal.session.SessionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the real {@link CopilotClient} does with bad input from its peer, over TCP against a
 * {@link ScriptedCliPeer}: broken framing closes the connection at once with a message that names the
 * problem (and fails every pending call with it); a well-framed message that is not usable is logged and
 * dropped, and the connection lives on (proved by a ping answered afterwards, which needs the reader
 * thread).
 */
class BadPeerInputTest {

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

  // ---------------------------------------------------------------- broken framing: a clear close

  @Test
  void aTruncatedFrameFollowedByTheEndOfTheStreamFailsPendingCallsAtOnce() throws Exception {
    CopilotClient client = connect(b -> b.requestTimeout(Duration.ofSeconds(30)));
    CompletableFuture<PingResponse> pending = unansweredPing(client);

    peer.sendBytes("Content-Length: 100\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":");
    peer.disconnect();

    Throwable cause = failureWithin(pending, Duration.ofSeconds(1));
    assertThat(cause).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("ended inside a frame")
        .hasMessageContaining("of the 100 bytes")
        .hasCauseInstanceOf(FramingException.class);
    awaitState(client, ClientState.FAILED);
    assertThat(client.failure()).isSameAs(cause);
  }

  @Test
  void aTruncatedFrameFromAPeerThatGoesSilentTimesOutAndStopStillEnds() throws Exception {
    CopilotClient client = connect(b -> b.requestTimeout(Duration.ofMillis(500)));
    peer.on("ping", (request, p) -> p.sendBytes("Content-Length: 100\r\n\r\n{\"jsonrpc\""));

    CompletableFuture<PingResponse> ping = client.ping("half an answer");

    // the reader cannot tell a slow peer from a truncated frame: the request timeout bounds the wait
    assertThat(failureWithin(ping, Duration.ofSeconds(3))).isInstanceOf(RequestTimeoutException.class);
    long started = System.nanoTime();
    client.stop().get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    assertThat(client.state()).isEqualTo(ClientState.STOPPED);
  }

  @Test
  void aContentLengthShorterThanTheBodyClosesTheConnectionWithAClearError() throws Exception {
    CopilotClient client = connect(b -> b);
    CompletableFuture<PingResponse> pending = unansweredPing(client);

    // 5 bytes are taken as the body; the rest of it is then read as the next frame's header
    peer.sendBytes("Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
    peer.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"y\"}");

    assertThat(failureWithin(pending, Duration.ofSeconds(1))).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("no Content-Length")
        .hasCauseInstanceOf(FramingException.class);
    awaitState(client, ClientState.FAILED);
  }

  @Test
  void aContentLengthLongerThanTheBodyFailsWhenTheStreamEndsInsideIt() throws Exception {
    CopilotClient client = connect(b -> b);
    CompletableFuture<PingResponse> pending = unansweredPing(client);

    peer.sendBytes("Content-Length: 4096\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}");
    peer.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"swallowed by the frame before\"}");
    peer.disconnect();

    assertThat(failureWithin(pending, Duration.ofSeconds(1))).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("ended inside a frame")
        .hasMessageContaining("of the 4096 bytes");
  }

  @Test
  void aMissingContentLengthClosesTheConnectionWithAClearError() throws Exception {
    CopilotClient client = connect(b -> b);
    CompletableFuture<PingResponse> pending = unansweredPing(client);

    peer.sendBytes("Content-Type: application/json\r\n\r\n{}");

    assertThat(failureWithin(pending, Duration.ofSeconds(1))).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("Frame header has no Content-Length")
        .hasMessageContaining("Content-Type: application/json");
    awaitState(client, ClientState.FAILED);
  }

  @Test
  void aContentLengthThatIsNotANumberClosesTheConnectionWithAClearError() throws Exception {
    CopilotClient client = connect(b -> b);
    CompletableFuture<PingResponse> pending = unansweredPing(client);

    peer.sendBytes("Content-Length: 12abc\r\n\r\n{}");

    assertThat(failureWithin(pending, Duration.ofSeconds(1))).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("Content-Length '12abc' is not a number");
  }

  @Test
  void headersThatNeverEndCloseTheConnectionInsteadOfGrowingABuffer() throws Exception {
    CopilotClient client = connect(b -> b);
    CompletableFuture<PingResponse> pending = unansweredPing(client);

    byte[] noise = new byte[64 * 1024];
    java.util.Arrays.fill(noise, (byte) 'A');
    peer.sendBytes(noise); // no CRLF CRLF anywhere

    assertThat(failureWithin(pending, Duration.ofSeconds(1))).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("No end of headers");
  }

  @Test
  void aFrameOverMaxFrameBytesClosesTheConnectionWithoutReadingItsBody() throws Exception {
    CopilotClient client = connect(b -> b.maxFrameBytes(64 * 1024));
    CompletableFuture<PingResponse> pending = unansweredPing(client);

    // announced, never sent: the client must refuse from the header alone, not wait for 2 GB
    peer.sendBytes("Content-Length: 2000000000\r\n\r\n");

    assertThat(failureWithin(pending, Duration.ofSeconds(1))).isInstanceOf(ConnectionClosedException.class)
        .hasMessageContaining("Frame of 2000000000 bytes exceeds the limit of 65536 bytes")
        .hasMessageContaining("maxFrameBytes");
    awaitState(client, ClientState.FAILED);
  }

  @Test
  void aFrameAtTheLimitIsDeliveredAndOneByteMoreClosesTheConnection() throws Exception {
    int limit = 1024 * 1024;
    CopilotClient client = connect(b -> b.maxFrameBytes(limit));
    CopilotSession session = localSession(client, "at-the-limit");
    List<SessionEvent> events = listen(session);

    peer.sendFrameBody(deltaFrameOfExactly(limit, "at-the-limit", "fits"));
    await().atMost(WAIT).until(() -> events.size() == 1);
    assertThat(((AssistantMessageDeltaEvent) events.get(0)).messageId()).isEqualTo("fits");
    assertThat(client.ping("still here").get(5, TimeUnit.SECONDS).message()).isEqualTo("pong: still here");

    try {
      peer.sendFrameBody(deltaFrameOfExactly(limit + 1, "at-the-limit", "too big"));
    } catch (java.io.IOException e) {
      // the client refuses from the header and closes while the peer is still writing the body
    }
    awaitState(client, ClientState.FAILED);
    assertThat(client.failure()).hasMessageContaining("exceeds the limit of " + limit);
    assertThat(events).hasSize(2).last().isInstanceOf(dev.copilotj.event.SessionErrorEvent.class);
  }

  // ---------------------------------------------------------------- unusable messages: a logged drop

  @Test
  void framesThatAreNotJsonAreDroppedAndTheConnectionLives() throws Exception {
    CopilotClient client = connect(b -> b);
    peer.sendRaw("{not json");
    peer.sendRaw("");
    peer.sendFrameBody(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3});
    peer.sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"session.event\",\"params\":{\"sessionId\":\"s\"");
    peer.sendRaw("[".repeat(5000) + "]".repeat(5000)); // deeper than the parser's nesting limit
    peer.sendRaw("\"\\ud800 lone surrogate\"");

    assertAlive(client);
  }

  @Test
  void jsonThatIsNotJsonRpcIsDroppedAndTheConnectionLives() throws Exception {
    CopilotClient client = connect(b -> b);
    for (String body : List.of("[1,2,3]", "42", "null", "true", "\"text\"", "{}", "{\"foo\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":\"not-a-number\",\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"id\":{\"an\":\"object\"},\"result\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":7,\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":null}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.event\",\"params\":\"not an object\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.event\",\"params\":{\"sessionId\":5,\"event\":[]}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.event\",\"params\":{\"sessionId\":\"s\",\"event\":\"x\"}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.event\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.lifecycle\",\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.lifecycle\",\"params\":[1]}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"session.lifecycle\",\"params\":{\"type\":\"session.created\","
            + "\"sessionId\":\"s\",\"metadata\":{\"startTime\":\"yesterday\",\"modifiedTime\":[]}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"no.such.notification\",\"params\":{}}")) {
      peer.sendRaw(body);
    }
    assertAlive(client);
  }

  @Test
  void responsesToUnknownIdsAreDroppedAndDoNotCompleteAnotherCall() throws Exception {
    CopilotClient client = connect(b -> b);
    peer.on("ping", (request, p) -> {
      long id = request.id().longValue();
      p.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":" + (id + 1000) + ",\"result\":{\"message\":\"for nobody\"}}");
      p.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":-1,\"error\":{\"code\":1,\"message\":\"for nobody\"}}");
      p.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":" + Long.MAX_VALUE + ",\"result\":null}");
      p.respond(request, Map.of("message", "pong: " + request.param("message")));
      p.respond(request, Map.of("message", "a second answer to the same id"));
    });

    assertThat(client.ping("one").get(5, TimeUnit.SECONDS).message()).isEqualTo("pong: one");
    assertThat(client.ping("two").get(5, TimeUnit.SECONDS).message()).isEqualTo("pong: two");
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
  }

  @Test
  void eventsForUnknownSessionsStayWithinTheRegistryBoundsAndExpire() throws Exception {
    int perIdLimit = 8;
    CopilotClient client = connect(b -> b.earlyEventBufferSize(perIdLimit).earlyEventTtl(Duration.ofMillis(800)));
    SessionRegistry registry = registryOf(client);

    int ids = 1000;
    int perId = 10;
    for (int event = 0; event < perId; event++) {
      for (int id = 0; id < ids; id++) {
        peer.event("unknown-" + id, "e" + event);
      }
    }
    // answered after the 10 000 events: when it arrives, the reader has routed all of them
    assertThat(client.ping("after the flood").get(10, TimeUnit.SECONDS).message()).isEqualTo("pong: after the flood");

    int buffered = registry.earlyCount();
    assertThat(buffered).as("ids buffered at once").isPositive().isLessThanOrEqualTo(256);
    for (int id = 0; id < ids; id++) {
      assertThat(registry.earlyEventCount("unknown-" + id)).as("events held for unknown-%d", id)
          .isLessThanOrEqualTo(perIdLimit);
    }
    assertThat(registry.liveCount()).isZero();
    System.out.printf("REGISTRY FLOOD: %d events for %d unknown ids -> %d ids buffered (bound 256), at most %d"
        + " events each (bound %d)%n", ids * perId, ids, buffered, perIdLimit, perIdLimit);

    await().atMost(WAIT).until(() -> registry.earlyCount() == 0);
    assertThat(registry.isEmpty()).isTrue();
    assertAlive(client);
  }

  @Test
  void eventsThatArriveBeforeASessionIsOpenedAreReplayedToItInOrder() throws Exception {
    CopilotClient client = connect(b -> b.earlyEventBufferSize(3));
    for (int i = 0; i < 5; i++) {
      peer.event("opened-later", "early-" + i);
    }
    client.ping("routed").get(5, TimeUnit.SECONDS);

    List<String> seen = new CopyOnWriteArrayList<>();
    client.createSession(SessionConfig.builder().sessionId("opened-later")
        .onEvent(event -> seen.add(event.id())).build()).get(5, TimeUnit.SECONDS);

    // the buffer holds 3: the two oldest were dropped (and logged), the rest come in wire order
    await().atMost(WAIT).until(() -> seen.size() == 3);
    assertThat(seen).containsExactly("early-2", "early-3", "early-4");
  }

  @Test
  void unknownEventTypesArriveAsUnknownSessionEventWithTheirRawJson() throws Exception {
    CopilotClient client = connect(b -> b);
    CopilotSession session = localSession(client, "s-unknown");
    List<SessionEvent> events = listen(session);

    ObjectNode future = event("future.feature", "u1");
    future.putObject("data").put("answer", 42).putArray("list").add("x");
    peer.sessionEvent(session.id(), future);
    ObjectNode mistyped = event(AssistantMessageEvent.TYPE, "u2");
    mistyped.put("data", 42); // a known type whose data is not an object
    peer.sessionEvent(session.id(), mistyped);
    ObjectNode noType = Json.MAPPER.createObjectNode();
    noType.put("id", "u3");
    peer.sessionEvent(session.id(), noType);

    await().atMost(WAIT).until(() -> events.size() == 3);
    assertThat(events.get(0)).isInstanceOfSatisfying(UnknownSessionEvent.class, unknown -> {
      assertThat(unknown.type()).isEqualTo("future.feature");
      assertThat(unknown.dataJson()).contains("\"answer\":42").contains("\"list\":[\"x\"]");
    });
    assertThat(events.get(1)).isInstanceOf(AssistantMessageEvent.class);
    assertThat(((AssistantMessageEvent) events.get(1)).content()).isEmpty();
    assertThat(events.get(2)).isInstanceOf(UnknownSessionEvent.class);
    assertThat(events).extracting(SessionEvent::id).containsExactly("u1", "u2", "u3");
    assertAlive(client);
  }

  @Test
  void anEightMegabyteDeltaWithinTheFrameLimitIsDeliveredWhole() throws Exception {
    CopilotClient client = connect(b -> b);
    CopilotSession session = localSession(client, "s-huge");
    List<SessionEvent> events = listen(session);
    String huge = "0123456789abcdef".repeat(512 * 1024); // 8 MiB

    ObjectNode delta = event(AssistantMessageDeltaEvent.TYPE, "huge-1");
    delta.putObject("data").put("messageId", "m1").put("deltaContent", huge);
    peer.sessionEvent(session.id(), delta);

    await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 1);
    assertThat(((AssistantMessageDeltaEvent) events.get(0)).deltaContent()).hasSize(8 * 1024 * 1024).isEqualTo(huge);
    assertAlive(client);
  }

  @Test
  void aStringLongerThanJacksonsDefaultLimitButWithinTheFrameLimitIsDeliveredNotDropped() throws Exception {
    CopilotClient client = connect(b -> b);
    CopilotSession session = localSession(client, "s-longer");
    List<SessionEvent> events = listen(session);
    String longer = "x".repeat(24 * 1024 * 1024); // Jackson refuses strings over 20 000 000 chars by default

    ObjectNode info = event(SessionInfoEvent.TYPE, "long-1");
    info.putObject("data").put("infoType", "test").put("message", longer);
    peer.sessionEvent(session.id(), info);

    await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == 1);
    assertThat(((SessionInfoEvent) events.get(0)).message()).hasSize(longer.length());
    assertAlive(client);
  }

  // ---------------------------------------------------------------- helpers

  private CopilotClient connect(UnaryOperator<CopilotClientOptions.Builder> customize) throws Exception {
    CopilotClient client = new CopilotClient(customize.apply(CopilotClientOptions.builder()
        .serverAddress(peer.address())
        .requestTimeout(WAIT)
        .shutdownTimeout(Duration.ofSeconds(1))).build());
    clients.add(client);
    client.start().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    return client;
  }

  /** A ping the peer never answers: pending until the connection closes (or its 30 s timeout). */
  private CompletableFuture<PingResponse> unansweredPing(CopilotClient client) throws Exception {
    peer.on("ping", (request, p) -> { });
    CompletableFuture<PingResponse> ping = client.ping("pending");
    peer.awaitRequests("ping", 1, WAIT);
    Thread.sleep(50);
    assertThat(ping).isNotDone();
    return ping;
  }

  private CopilotSession localSession(CopilotClient client, String id) throws Exception {
    return client.createSession(SessionConfig.builder().sessionId(id).build()).get(5, TimeUnit.SECONDS);
  }

  private static List<SessionEvent> listen(CopilotSession session) {
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    session.on(events::add);
    return events;
  }

  private static ObjectNode event(String type, String id) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", type);
    event.put("id", id);
    event.put("timestamp", "2026-01-01T00:00:00Z");
    event.putNull("parentId");
    return event;
  }

  /** A session.event frame whose body is exactly {@code size} bytes, padded in the delta text. */
  private static byte[] deltaFrameOfExactly(int size, String sessionId, String messageId) throws Exception {
    ObjectNode delta = event(AssistantMessageDeltaEvent.TYPE, messageId);
    delta.putObject("data").put("messageId", messageId).put("deltaContent", "");
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("sessionId", sessionId);
    params.set("event", delta);
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("method", "session.event");
    message.set("params", params);
    int empty = Json.MAPPER.writeValueAsBytes(message).length;
    ((ObjectNode) delta.get("data")).put("deltaContent", "p".repeat(size - empty));
    byte[] body = Json.MAPPER.writeValueAsBytes(message);
    assertThat(body).hasSize(size);
    return body;
  }

  /** The connection still works: the reader thread is alive and routes answers. */
  private void assertAlive(CopilotClient client) throws Exception {
    peer.on("ping", (request, p) -> p.respond(request, Map.of("message", "pong: " + request.param("message"),
        "timestamp", "2026-01-01T00:00:00Z", "protocolVersion", 3)));
    assertThat(client.ping("alive?").get(5, TimeUnit.SECONDS).message()).isEqualTo("pong: alive?");
    assertThat(client.state()).isEqualTo(ClientState.CONNECTED);
  }

  private static void awaitState(CopilotClient client, ClientState state) {
    await().atMost(WAIT).until(() -> client.state() == state);
  }

  private static Throwable failureWithin(CompletableFuture<?> future, Duration within) throws Exception {
    long started = System.nanoTime();
    try {
      Object value = future.get(within.toMillis() + 2000, TimeUnit.MILLISECONDS);
      throw new AssertionError("expected the future to fail, but it completed with " + value);
    } catch (ExecutionException e) {
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("failed within").isLessThan(within);
      return e.getCause();
    }
  }

  /** White box: the registry is not API, but its bounds are exactly what is promised. */
  private static SessionRegistry registryOf(CopilotClient client) throws ReflectiveOperationException {
    Field current = CopilotClient.class.getDeclaredField("current");
    current.setAccessible(true);
    Object connection = current.get(client);
    Field registry = connection.getClass().getDeclaredField("registry");
    registry.setAccessible(true);
    return (SessionRegistry) registry.get(connection);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
