package dev.copilotj.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.rpc.FrameDecoder;
import org.jspecify.annotations.Nullable;

/**
 * A scripted stand-in for {@code copilot --headless --port N}: a JSON-RPC peer on an ephemeral 127.0.0.1 port
 * that the real {@code CopilotClient} connects to with {@code serverAddress("127.0.0.1:" + peer.port())}.
 *
 * <p>It answers {@code connect} (protocol 3) and {@code ping} itself, and a local {@code session.create} or
 * {@code session.destroy} with success. What happens on a cloud {@code session.create} is the test's script:
 * {@link #onCloudCreate} runs on the peer's reader thread; by default nothing is sent, so the test can also
 * script from its own thread after {@link #awaitRequests}. Every request is recorded. One frame is one
 * {@code write} on a TCP_NODELAY socket, so frames are never split or held back by the peer.
 */
public final class ScriptedCliPeer implements AutoCloseable {

  /** Handles a request on the peer's reader thread; it may answer, notify, or do nothing. */
  @FunctionalInterface
  public interface Handler {
    void handle(Request request, ScriptedCliPeer peer) throws Exception;
  }

  /** A scripted step that may send frames. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  /** One request the client sent. */
  public record Request(JsonNode id, String method, JsonNode params) {

    /** @return the params as JSON text */
    public String paramsJson() {
      return params.toString();
    }

    /** @return a text param, or null */
    public @Nullable String param(String field) {
      JsonNode value = params.get(field);
      return value != null && value.isTextual() ? value.textValue() : null;
    }

    /** @return whether this is a cloud {@code session.create} */
    public boolean isCloudCreate() {
      return method.equals("session.create") && params.has("cloud");
    }
  }

  private final ServerSocket server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private final Object requestsChanged = new Object();
  private final Thread acceptor;
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "scripted-cli-delay");
    thread.setDaemon(true);
    return thread;
  });
  private volatile @Nullable Handler cloudCreate;
  private volatile @Nullable Socket socket;
  private volatile boolean closed;

  private ScriptedCliPeer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    handlers.put("connect", (request, peer) -> peer.respond(request,
        Map.of("ok", true, "protocolVersion", 3, "version", "1.0.102")));
    handlers.put("ping", (request, peer) -> peer.respond(request, Map.of("message",
        "pong: " + request.param("message"), "timestamp", "2026-01-01T00:00:00Z", "protocolVersion", 3)));
    handlers.put("session.create", (request, peer) -> {
      if (request.isCloudCreate()) {
        Handler handler = cloudCreate;
        if (handler != null) {
          handler.handle(request, peer);
        }
      } else {
        peer.respond(request, Map.of("sessionId", String.valueOf(request.param("sessionId"))));
      }
    });
    handlers.put("session.destroy", (request, peer) -> peer.respond(request, Map.of("success", true)));
    acceptor = new Thread(this::acceptLoop, "scripted-cli-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Opens the peer on an ephemeral port.
   *
   * @return the listening peer
   * @throws IOException when no port can be bound
   */
  public static ScriptedCliPeer start() throws IOException {
    return new ScriptedCliPeer();
  }

  /** @return the port the client connects to */
  public int port() {
    return server.getLocalPort();
  }

  /** @return the {@code serverAddress} for the client's options */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /**
   * Scripts cloud creates; the handler runs on the peer's reader thread, so a handler that blocks also
   * holds back every later request.
   *
   * @param handler what to do, or null to do nothing
   * @return this peer
   */
  public ScriptedCliPeer onCloudCreate(@Nullable Handler handler) {
    this.cloudCreate = handler;
    return this;
  }

  /**
   * Scripts any other method, replacing the built-in answer.
   *
   * @param method the method
   * @param handler what to do
   * @return this peer
   */
  public ScriptedCliPeer on(String method, Handler handler) {
    handlers.put(method, handler);
    return this;
  }

  /** @return every request received so far, in order */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** @return the requests of one method received so far, in order */
  public List<Request> requests(String method) {
    List<Request> matching = new ArrayList<>();
    for (Request request : requests) {
      if (request.method().equals(method)) {
        matching.add(request);
      }
    }
    return matching;
  }

  /**
   * Waits until {@code count} requests of a method have arrived.
   *
   * @param method the method
   * @param count how many
   * @param timeout how long to wait
   * @return the first {@code count} of them, in order
   * @throws TimeoutException when they do not arrive in time
   * @throws InterruptedException when interrupted
   */
  public List<Request> awaitRequests(String method, int count, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (requestsChanged) {
      while (true) {
        List<Request> matching = requests(method);
        if (matching.size() >= count) {
          return matching.subList(0, count);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("got " + matching.size() + " of " + count + " '" + method + "' requests; all: "
              + requests);
        }
        TimeUnit.NANOSECONDS.timedWait(requestsChanged, left);
      }
    }
  }

  // ---------------------------------------------------------------- what the script sends

  /** Answers a request with a result (a map, record, tree or null). */
  public void respond(Request request, @Nullable Object result) throws IOException {
    ObjectNode message = envelope();
    message.set("id", request.id());
    message.set("result", Json.MAPPER.valueToTree(result));
    send(message);
  }

  /** Answers a request with a JSON-RPC error. */
  public void respondError(Request request, int code, String errorMessage) throws IOException {
    ObjectNode message = envelope();
    message.set("id", request.id());
    message.putObject("error").put("code", code).put("message", errorMessage);
    send(message);
  }

  /** Sends a notification. */
  public void notify(String method, Object params) throws IOException {
    ObjectNode message = envelope();
    message.put("method", method);
    message.set("params", Json.MAPPER.valueToTree(params));
    send(message);
  }

  /** Sends {@code session.lifecycle} {@code session.created} for a cloud create, as the runtime would. */
  public void lifecycleCreated(String sessionId, @Nullable String clientSessionId) throws IOException {
    lifecycle("session.created", sessionId, clientSessionId);
  }

  /** Sends a {@code session.lifecycle} notification with metadata. */
  public void lifecycle(String type, String sessionId, @Nullable String clientSessionId) throws IOException {
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("type", type);
    params.put("sessionId", sessionId);
    if (clientSessionId != null) {
      params.put("clientSessionId", clientSessionId);
    }
    params.putObject("metadata").put("startTime", "2026-01-01T00:00:00Z").put("modifiedTime", "2026-01-01T00:00:01Z");
    notify("session.lifecycle", params);
  }

  /**
   * Sends a {@code session.info} event whose id and message are {@code eventId}, so a test can read the
   * order back from what its listener got.
   */
  public void event(String sessionId, String eventId) throws IOException {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", "session.info");
    event.putObject("data").put("infoType", "test").put("message", eventId);
    event.put("id", eventId);
    event.put("timestamp", "2026-01-01T00:00:00Z");
    event.putNull("parentId");
    event.put("ephemeral", true);
    notify("session.event", Map.of("sessionId", sessionId, "event", event));
  }

  /**
   * Runs a step later on the peer's own timer, so a handler can delay an answer without holding back the
   * requests that follow. Steps run one at a time in the order they are due.
   *
   * @param delay how long to wait
   * @param step what to send then
   */
  public void after(Duration delay, Step step) {
    delays.schedule(() -> {
      try {
        step.run();
      } catch (Exception e) {
        if (!(e instanceof SocketException)) {
          System.err.println("ScriptedCliPeer: delayed step failed: " + e);
        }
      }
    }, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Writes a raw, already-encoded JSON message as one frame. */
  public void sendRaw(String json) throws IOException {
    writeFrame(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes any bytes as one frame body, valid JSON or not. */
  public void sendFrameBody(byte[] body) throws IOException {
    writeFrame(body);
  }

  /**
   * Writes bytes exactly as given, with no framing: for truncated frames, wrong or missing headers and
   * garbage between frames.
   */
  public void sendBytes(byte[] raw) throws IOException {
    Socket current = socket;
    if (current == null) {
      throw new IOException("no client is connected");
    }
    synchronized (writeLock) {
      OutputStream out = current.getOutputStream();
      out.write(raw);
      out.flush();
    }
  }

  /** Writes ASCII text exactly as given, with no framing. */
  public void sendBytes(String ascii) throws IOException {
    sendBytes(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends one {@code session.event} whose event object is given whole. */
  public void sessionEvent(String sessionId, JsonNode event) throws IOException {
    ObjectNode params = Json.MAPPER.createObjectNode();
    params.put("sessionId", sessionId);
    params.set("event", event);
    notify("session.event", params);
  }

  /** Drops the client's connection, as a crashing server would. */
  public void disconnect() {
    Socket current = socket;
    if (current != null) {
      closeQuietly(current);
    }
  }

  @Override
  public void close() {
    closed = true;
    delays.shutdownNow();
    closeQuietly(server);
    disconnect();
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- plumbing

  private static ObjectNode envelope() {
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("jsonrpc", "2.0");
    return message;
  }

  private void send(ObjectNode message) throws IOException {
    try {
      writeFrame(Json.MAPPER.writeValueAsBytes(message));
    } catch (JsonProcessingException e) {
      throw new IOException(e);
    }
  }

  private void writeFrame(byte[] body) throws IOException {
    byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[header.length + body.length];
    System.arraycopy(header, 0, frame, 0, header.length);
    System.arraycopy(body, 0, frame, header.length, body.length);
    Socket current = socket;
    if (current == null) {
      throw new IOException("no client is connected");
    }
    synchronized (writeLock) {
      OutputStream out = current.getOutputStream();
      out.write(frame); // one write per frame
      out.flush();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket accepted;
      try {
        accepted = server.accept();
        accepted.setTcpNoDelay(true);
      } catch (IOException e) {
        return; // closed
      }
      Socket previous = socket;
      socket = accepted;
      if (previous != null) {
        closeQuietly(previous);
      }
      Thread reader = new Thread(() -> readLoop(accepted), "scripted-cli-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void readLoop(Socket connection) {
    try (InputStream in = connection.getInputStream()) {
      FrameDecoder decoder = new FrameDecoder(in, 16 << 20);
      byte[] body;
      while ((body = decoder.readFrame()) != null) {
        JsonNode message = Json.MAPPER.readTree(body);
        JsonNode method = message.get("method");
        JsonNode id = message.get("id");
        if (method == null || !method.isTextual() || id == null || id.isNull()) {
          continue; // a response or notification from the client: nothing to script
        }
        JsonNode params = message.get("params");
        Request request = new Request(id, method.textValue(),
            params != null ? params : Json.MAPPER.createObjectNode());
        requests.add(request);
        synchronized (requestsChanged) {
          requestsChanged.notifyAll();
        }
        Handler handler = handlers.get(request.method());
        try {
          if (handler != null) {
            handler.handle(request, this);
          } else {
            respondError(request, -32601, "Unhandled method " + request.method());
          }
        } catch (Exception e) {
          if (!(e instanceof SocketException)) {
            System.err.println("ScriptedCliPeer: handler for " + request.method() + " failed: " + e);
          }
        }
      }
    } catch (IOException e) {
      // the client went away or the peer was closed
    } finally {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
