package dev.copilotj.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotException;
import dev.copilotj.JsonRpcException;
import dev.copilotj.RequestTimeoutException;
import dev.copilotj.internal.json.Json;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The test plays the CLI: it reads the client's frames from one in-memory pipe and writes answers into another. */
class JsonRpcConnectionTest {

  private static final AtomicInteger CONNECTIONS = new AtomicInteger();
  /** Long enough never to fire in a passing test; a request that must fail fails for another reason. */
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final long WAIT_SECONDS = 5;

  private final MemoryPipe toServer = new MemoryPipe(WAIT_SECONDS * 1000);
  private final MemoryPipe toClient = new MemoryPipe();
  private final FrameDecoder fromClient = new FrameDecoder(toServer.input(), 1 << 20);
  private final TestTransport transport = new TestTransport();
  private final RecordingListener listener = new RecordingListener();
  private ExecutorService callbacks;
  private String name;
  private JsonRpcConnection connection;

  @BeforeEach
  void setUp() {
    callbacks = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "test-callback");
      thread.setDaemon(true);
      return thread;
    });
    name = "test-rpc-" + CONNECTIONS.incrementAndGet();
    connection = new JsonRpcConnection(name, transport, listener, callbacks, 1 << 20);
    connection.start();
  }

  @AfterEach
  void tearDown() {
    connection.close(new ConnectionClosedException("test over", null, "", null));
    callbacks.shutdownNow();
  }

  // ---------------------------------------------------------------- requests and responses

  @Test
  void correlatesOutOfOrderResponsesById() throws Exception {
    CompletableFuture<JsonNode> a = connection.request("m.a", Map.of("x", 1), LONG, ResultDecoder.TREE);
    CompletableFuture<JsonNode> b = connection.request("m.b", null, LONG, ResultDecoder.TREE);
    CompletableFuture<JsonNode> c = connection.request("m.c", List.of("p"), LONG, ResultDecoder.TREE);

    JsonNode ra = readRequest();
    JsonNode rb = readRequest();
    JsonNode rc = readRequest();
    assertThat(ra.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(List.of(ra, rb, rc)).extracting(r -> r.get("method").asText()).containsExactly("m.a", "m.b", "m.c");
    assertThat(ra.get("params").toString()).isEqualTo("{\"x\":1}");
    assertThat(rb.get("params").toString()).isEqualTo("{}"); // null params are sent as an empty object
    assertThat(rc.get("params").toString()).isEqualTo("[\"p\"]");

    respond(rc, "{\"echo\":\"c\"}");
    assertThat(c.get(WAIT_SECONDS, TimeUnit.SECONDS).get("echo").asText()).isEqualTo("c");
    assertThat(a).isNotDone();
    respond(rb, "{\"echo\":\"b\"}");
    respond(ra, "{\"echo\":\"a\"}");

    assertThat(a.get(WAIT_SECONDS, TimeUnit.SECONDS).get("echo").asText()).isEqualTo("a");
    assertThat(b.get(WAIT_SECONDS, TimeUnit.SECONDS).get("echo").asText()).isEqualTo("b");
    assertThat(connection.pendingCount()).isZero();
  }

  @Test
  void concurrentRequestsGetUniqueIdsAndTheirOwnResults() throws Exception {
    int threads = 4;
    int perThread = 25;
    ExecutorService senders = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    Map<Integer, CompletableFuture<JsonNode>> futures = new ConcurrentHashMap<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        senders.execute(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < perThread; i++) {
            int n = thread * perThread + i;
            futures.put(n, connection.request("echo", Map.of("n", n), LONG, ResultDecoder.TREE));
          }
        });
      }
      go.countDown();

      Set<Long> ids = new HashSet<>();
      List<JsonNode> requests = new ArrayList<>();
      for (int i = 0; i < threads * perThread; i++) {
        JsonNode request = readRequest();
        assertThat(ids.add(request.get("id").longValue())).as("id %s is unique", request.get("id")).isTrue();
        requests.add(request);
      }
      // Answer in reverse, echoing each request's n; every future must get back its own n.
      for (int i = requests.size() - 1; i >= 0; i--) {
        JsonNode request = requests.get(i);
        respond(request, "{\"n\":" + request.get("params").get("n").intValue() + "}");
      }
      waiting().until(() -> futures.size() == threads * perThread);
      for (Map.Entry<Integer, CompletableFuture<JsonNode>> entry : futures.entrySet()) {
        assertThat(entry.getValue().get(WAIT_SECONDS, TimeUnit.SECONDS).get("n").intValue()).isEqualTo(entry.getKey());
      }
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void responseWithoutResultCompletesWithNullNode() throws Exception {
    CompletableFuture<JsonNode> future = connection.request("m", null, LONG, ResultDecoder.TREE);
    JsonNode request = readRequest();

    send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + "}");

    assertThat(future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(NullNode.getInstance());
  }

  @Test
  void errorResponseFailsTheFutureWithJsonRpcException() throws Exception {
    CompletableFuture<JsonNode> withData = connection.request("session.send", null, LONG, ResultDecoder.TREE);
    CompletableFuture<JsonNode> withoutData = connection.request("session.other", null, LONG, ResultDecoder.TREE);
    JsonNode first = readRequest();
    JsonNode second = readRequest();

    send("{\"jsonrpc\":\"2.0\",\"id\":" + first.get("id")
        + ",\"error\":{\"code\":-32000,\"message\":\"nope\",\"data\":{\"why\":\"x\"}}}");
    send("{\"jsonrpc\":\"2.0\",\"id\":" + second.get("id") + ",\"error\":{\"code\":-32603,\"message\":\"broken\"}}");

    JsonRpcException error = failure(withData, JsonRpcException.class);
    assertThat(error.method()).isEqualTo("session.send");
    assertThat(error.code()).isEqualTo(-32000);
    assertThat(error.serverMessage()).isEqualTo("nope");
    assertThat(error.dataJson()).isEqualTo("{\"why\":\"x\"}");
    assertThat(error).hasMessageContaining("session.send").hasMessageContaining("nope").hasMessageContaining("-32000");

    JsonRpcException other = failure(withoutData, JsonRpcException.class);
    assertThat(other.code()).isEqualTo(JsonRpcException.INTERNAL_ERROR);
    assertThat(other.dataJson()).isNull();
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void unansweredRequestTimesOutAndALateResponseIsDropped() throws Exception {
    long started = System.nanoTime();
    CompletableFuture<JsonNode> slow = connection.request("slow.method", null, Duration.ofMillis(200),
        ResultDecoder.TREE);
    JsonNode request = readRequest();

    RequestTimeoutException timeout = failure(slow, RequestTimeoutException.class);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(elapsedMillis).isBetween(190L, 3000L);
    assertThat(timeout.method()).isEqualTo("slow.method");
    assertThat(timeout.timeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(timeout).hasMessageContaining("slow.method").hasMessageContaining("200 ms");
    assertThat(connection.pendingCount()).isZero();

    // The answer arrives after all: it matches nothing and must not disturb the connection.
    respond(request, "{\"late\":true}");
    CompletableFuture<JsonNode> next = connection.request("next", null, LONG, ResultDecoder.TREE);
    respond(readRequest(), "{\"ok\":true}");

    assertThat(next.get(WAIT_SECONDS, TimeUnit.SECONDS).get("ok").booleanValue()).isTrue();
    assertThat(slow.isCompletedExceptionally()).isTrue();
    assertThat(connection.isOpen()).isTrue();
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void paramsThatCannotBeEncodedFailOnlyThatRequest() throws Exception {
    CompletableFuture<JsonNode> bad = connection.request("bad", new Object(), LONG, ResultDecoder.TREE);

    assertThat(failure(bad, CopilotException.class)).hasMessageContaining("Cannot encode the params of 'bad'");
    assertThat(connection.pendingCount()).isZero();
    CompletableFuture<JsonNode> good = connection.request("good", null, LONG, ResultDecoder.TREE);
    JsonNode request = readRequest();
    assertThat(request.get("method").asText()).isEqualTo("good"); // nothing was written for 'bad'
    respond(request, "1");
    assertThat(good.get(WAIT_SECONDS, TimeUnit.SECONDS).intValue()).isEqualTo(1);
  }

  @Test
  void throwingResultDecoderFailsOnlyItsOwnFuture() throws Exception {
    CompletableFuture<String> broken = connection.request("shape", null, LONG, result -> {
      throw new IllegalStateException("bad shape");
    });
    CompletableFuture<JsonNode> fine = connection.request("fine", null, LONG, ResultDecoder.TREE);
    respond(readRequest(), "{}");
    respond(readRequest(), "{\"v\":2}");

    CopilotException error = failure(broken, CopilotException.class);
    assertThat(error).hasMessageContaining("'shape'").hasMessageContaining("unexpected shape")
        .hasMessageContaining("bad shape")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(fine.get(WAIT_SECONDS, TimeUnit.SECONDS).get("v").intValue()).isEqualTo(2);
    assertThat(connection.isOpen()).isTrue();
  }

  // ---------------------------------------------------------------- notifications and server requests

  @Test
  void notificationsReachTheListenerInWireOrder() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      send("{\"jsonrpc\":\"2.0\",\"method\":\"session.event\",\"params\":{\"n\":" + i + "}}");
      expected.add("session.event {\"n\":" + i + "}");
    }
    send("{\"jsonrpc\":\"2.0\",\"method\":\"no.params\"}");
    send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"null.id\",\"params\":[]}");
    expected.add("no.params null");
    expected.add("null.id []");

    waiting().until(() -> listener.notifications.size() == expected.size());
    assertThat(listener.notifications).containsExactlyElementsOf(expected);
  }

  @Test
  void serverRequestsAreAnsweredWithMethodNotFound() throws Exception {
    send("{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"tool.call\",\"params\":{}}");
    send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"permission.request\"}");

    JsonNode first = readRequest();
    JsonNode second = readRequest();
    assertThat(first.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(first.get("id").isTextual()).isTrue(); // the id is echoed as sent, string stays string
    assertThat(first.get("id").asText()).isEqualTo("srv-1");
    assertThat(first.get("error").get("code").intValue()).isEqualTo(JsonRpcException.METHOD_NOT_FOUND);
    assertThat(first.get("error").get("message").asText()).contains("tool.call");
    assertThat(first.has("result")).isFalse();
    assertThat(second.get("id").isIntegralNumber()).isTrue();
    assertThat(second.get("id").intValue()).isEqualTo(7);
    assertThat(second.get("error").get("code").intValue()).isEqualTo(-32601);
    assertThat(listener.notifications).isEmpty();
  }

  @Test
  void framesThatAreNotJsonObjectsAreDroppedAndTheConnectionGoesOn() throws Exception {
    for (String body : List.of("{not json", "[1,2,3]", "42", "null", "\"text\"", "", "{\"jsonrpc\":\"2.0\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":99999,\"result\":{}}")) {
      sendBody(body.getBytes(StandardCharsets.UTF_8));
    }
    CompletableFuture<JsonNode> after = connection.request("after", null, LONG, ResultDecoder.TREE);
    respond(readRequest(), "{\"still\":\"alive\"}");

    assertThat(after.get(WAIT_SECONDS, TimeUnit.SECONDS).get("still").asText()).isEqualTo("alive");
    assertThat(connection.isOpen()).isTrue();
    assertThat(listener.notifications).isEmpty();
    assertThat(listener.closed).isEmpty();
  }

  @Test
  void aFloodOfUnusableFramesIsDroppedWithBoundedLogging() throws Exception {
    java.io.PrintStream originalErr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 2500; i++) {
        sendBody(("{not json " + i).getBytes(StandardCharsets.UTF_8));
      }
      CompletableFuture<JsonNode> after = connection.request("after", null, LONG, ResultDecoder.TREE);
      respond(readRequest(), "{\"still\":\"alive\"}");
      assertThat(after.get(WAIT_SECONDS, TimeUnit.SECONDS).get("still").asText()).isEqualTo("alive");
    } finally {
      System.setErr(originalErr);
    }
    assertThat(connection.droppedFrames()).isEqualTo(2500);
    long warnings = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(line -> line.contains("WARN") && line.contains("from " + name + " (")).count();
    // the first 10, then the 1000th and the 2000th
    assertThat(warnings).isEqualTo(JsonRpcConnection.LOUD_DROPS + 2);
    assertThat(connection.isOpen()).isTrue();
  }

  @Test
  void throwingListenerDoesNotKillTheReader() throws Exception {
    listener.onNotify = method -> {
      if (method.equals("boom")) {
        throw new IllegalStateException("listener bug");
      }
    };
    send("{\"jsonrpc\":\"2.0\",\"method\":\"boom\"}");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"later\"}");

    waiting().until(() -> listener.notifications.size() == 2);
    assertThat(listener.notifications).containsExactly("boom null", "later null");
    CompletableFuture<JsonNode> request = connection.request("m", null, LONG, ResultDecoder.TREE);
    respond(readRequest(), "true");
    assertThat(request.get(WAIT_SECONDS, TimeUnit.SECONDS).booleanValue()).isTrue();
  }

  // ---------------------------------------------------------------- threads

  @Test
  void dependentStagesRunOnTheCallbackExecutorNotTheReader() throws Exception {
    CompletableFuture<JsonNode> future = connection.request("m", null, LONG, ResultDecoder.TREE);
    // Attached before the answer: a plain CompletableFuture would run it on the thread that completes it.
    CompletableFuture<String> stageThread = future.thenApply(result -> Thread.currentThread().getName());
    CountDownLatch release = new CountDownLatch(1);
    future.thenAccept(result -> awaitQuietly(release)); // a stage that blocks must not stall the reader

    respond(readRequest(), "{\"x\":1}");
    send("{\"jsonrpc\":\"2.0\",\"method\":\"after.blocked.stage\"}");

    assertThat(future.join().get("x").intValue()).isEqualTo(1);
    waiting().until(() -> listener.notifications.size() == 1);
    release.countDown();
    String thread = stageThread.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(thread).doesNotEndWith("-reader").isEqualTo("test-callback");
  }

  @Test
  void readerAndWriterThreadsEndAfterClose() {
    assertThat(threadAlive(name + "-reader")).isTrue();
    assertThat(threadAlive(name + "-writer")).isTrue();

    connection.close(new ConnectionClosedException("closing", null, "", null));

    waiting()
        .until(() -> !threadAlive(name + "-reader") && !threadAlive(name + "-writer"));
  }

  // ---------------------------------------------------------------- closing

  static Stream<Arguments> brokenFrames() {
    return Stream.of(
        Arguments.of("Content-Length: xyz\r\n\r\n{}", "Content-Length 'xyz' is not a number"),
        Arguments.of("Content-Length: -1\r\n\r\n{}", "is negative"),
        // Announces fewer bytes than the body has: the rest of the body is then read as a header.
        Arguments.of("Content-Length: 5\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}", "no Content-Length"),
        Arguments.of("Content-Length: 2\n\n{}".repeat(1000), "No end of headers"));
  }

  @ParameterizedTest
  @MethodSource("brokenFrames")
  void brokenFrameClosesTheConnectionAndFailsEveryPendingRequestAtOnce(String raw, String reason) throws Exception {
    List<CompletableFuture<JsonNode>> pending = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pending.add(connection.request("pending." + i, null, LONG, ResultDecoder.TREE));
      readRequest();
    }
    listener.onClose = cause -> listener.allDoneWhenClosed = pending.stream().allMatch(CompletableFuture::isDone);

    sendRaw(raw);

    ConnectionClosedException cause = awaitClosed();
    assertThat(cause).hasMessage("test transport ended: " + cause.getCause().getMessage())
        .hasMessageContaining(reason)
        .hasCauseInstanceOf(FramingException.class);
    for (CompletableFuture<JsonNode> future : pending) {
      // LONG is 30 s: failing within the wait proves the close failed them, not their timeouts.
      assertThat(failure(future, ConnectionClosedException.class)).isSameAs(cause);
    }
    assertThat(listener.allDoneWhenClosed).as("pending requests failed before onClosed").isTrue();
    assertThat(transport.ends).hasSize(1);
    assertThat(transport.closes.get()).isEqualTo(1);
    assertThat(connection.isOpen()).isFalse();
    assertThat(connection.closeCause()).isSameAs(cause);
    assertThat(connection.pendingCount()).isZero();
  }

  @Test
  void endOfStreamClosesTheConnection() throws Exception {
    CompletableFuture<JsonNode> pending = connection.request("pending", null, LONG, ResultDecoder.TREE);
    readRequest();

    toClient.output().close();

    ConnectionClosedException cause = awaitClosed();
    assertThat(cause).hasMessage("test transport ended: eof");
    assertThat(transport.ends).containsExactly("eof");
    assertThat(failure(pending, ConnectionClosedException.class)).isSameAs(cause);
    assertThat(connection.isOpen()).isFalse();
  }

  @Test
  void writeFailureClosesTheConnection() throws Exception {
    toServer.input().close(); // the peer stops reading: the next write fails

    CompletableFuture<JsonNode> request = connection.request("m", null, LONG, ResultDecoder.TREE);

    ConnectionClosedException cause = awaitClosed();
    assertThat(cause).hasMessage("test transport ended: Pipe closed");
    assertThat(failure(request, ConnectionClosedException.class)).isSameAs(cause);
  }

  @Test
  void requestsAfterCloseFailImmediately() {
    ConnectionClosedException cause = new ConnectionClosedException("gone", null, "", null);
    connection.close(cause);

    CompletableFuture<JsonNode> future = connection.request("m", null, LONG, ResultDecoder.TREE);

    assertThat(future).isCompletedExceptionally();
    assertThatThrownBy(future::join).hasCause(cause);
    assertThat(connection.pendingCount()).isZero();
  }

  @Test
  void closeIsIdempotentAndTheFirstCauseWins() throws Exception {
    CompletableFuture<JsonNode> pending = connection.request("m", null, LONG, ResultDecoder.TREE);
    readRequest();
    ConnectionClosedException first = new ConnectionClosedException("first", null, "", null);

    connection.close(first);
    connection.close(new ConnectionClosedException("second", null, "", null));
    toClient.output().close(); // and an end of stream racing in afterwards changes nothing

    assertThat(connection.closeCause()).isSameAs(first);
    assertThat(failure(pending, ConnectionClosedException.class)).isSameAs(first);
    waiting().until(() -> !threadAlive(name + "-reader"));
    assertThat(listener.closed).containsExactly(first);
    assertThat(transport.closes.get()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- helpers

  private JsonNode readRequest() throws IOException {
    byte[] body = fromClient.readFrame();
    assertThat(body).as("a frame from the client").isNotNull();
    return Json.MAPPER.readTree(body);
  }

  private void respond(JsonNode request, String resultJson) throws IOException {
    send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + resultJson + "}");
  }

  @Test
  void theReaderSaysWhenItIsAboutToReadSoWorkFromABurstOfFramesCanBeHandedOverOnce() throws Exception {
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (String method : List.of("n.1", "n.2", "n.3")) {
      burst.write(FrameDecoderTest.frame(("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}")
          .getBytes(StandardCharsets.UTF_8)));
    }
    toClient.output().write(burst.toByteArray()); // one chunk: the reader gets all three with one read
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> listener.readerCalls.contains("n.3"));
    send("{\"jsonrpc\":\"2.0\",\"method\":\"n.4\"}");
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> listener.readerCalls.contains("n.4"));
    await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> listener.readerCalls.size() == 8);

    assertThat(listener.readerCalls).containsExactly("start on " + name + "-reader", "read", "n.1", "n.2", "n.3",
        "read", "n.4", "read");
  }

  private void send(String json) throws IOException {
    sendBody(json.getBytes(StandardCharsets.UTF_8));
  }

  private void sendBody(byte[] body) throws IOException {
    toClient.output().write(FrameDecoderTest.frame(body));
  }

  private void sendRaw(String raw) throws IOException {
    toClient.output().write(raw.getBytes(StandardCharsets.UTF_8));
  }

  private ConnectionClosedException awaitClosed() {
    waiting().until(() -> !listener.closed.isEmpty());
    assertThat(listener.closed).hasSize(1);
    return (ConnectionClosedException) listener.closed.get(0);
  }

  /** Waits for the future to fail and returns its cause, checked to be of the expected type. */
  private static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) throws Exception {
    try {
      future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(type);
      return type.cast(e.getCause());
    }
    throw new AssertionError("expected the future to fail with " + type.getSimpleName());
  }

  /** Polls often: these conditions turn true within milliseconds, and the default 100 ms poll adds up. */
  private static ConditionFactory waiting() {
    return await().atMost(Duration.ofSeconds(WAIT_SECONDS)).pollInterval(Duration.ofMillis(5));
  }

  private static boolean threadAlive(String threadName) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(threadName) && t.isAlive());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT_SECONDS * 2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Client side of the two pipes; describes an end the way StdioTransport would, but with checkable words. */
  private final class TestTransport implements Transport {
    final List<String> ends = new CopyOnWriteArrayList<>();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public InputStream input() {
      return toClient.input();
    }

    @Override
    public OutputStream output() {
      return toServer.output();
    }

    @Override
    public CopilotException describeEnd(@Nullable IOException error) {
      String what = error == null ? "eof" : error.getMessage();
      ends.add(what);
      return new ConnectionClosedException("test transport ended: " + what, null, "", error);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      try {
        toClient.input().close();
        toServer.output().close();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static final class RecordingListener implements JsonRpcConnection.Listener {
    final List<String> readerCalls = new CopyOnWriteArrayList<>();
    final List<String> notifications = new CopyOnWriteArrayList<>();
    final List<CopilotException> closed = new CopyOnWriteArrayList<>();
    volatile Consumer<String> onNotify = method -> { };
    volatile Consumer<CopilotException> onClose = cause -> { };
    volatile boolean allDoneWhenClosed;

    @Override
    public void onReaderStart() {
      readerCalls.add("start on " + Thread.currentThread().getName());
    }

    @Override
    public void beforeRead() {
      readerCalls.add("read");
    }

    @Override
    public void onNotification(String method, JsonNode params) {
      readerCalls.add(method);
      notifications.add(method + " " + params);
      onNotify.accept(method);
    }

    @Override
    public void onClosed(CopilotException cause) {
      onClose.accept(cause);
      closed.add(cause);
    }
  }
}
