package dev.copilotj.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * A scripted stand-in for a running Copilot CLI server, for tests that need a connected client but no CLI
 * process: a JSON-RPC peer with {@code Content-Length} framing on an ephemeral 127.0.0.1 port. Point a client at
 * {@link #address()} ({@code CopilotClientOptions.serverAddress} or {@code copilot.server.address}).
 *
 * <p>It answers {@code connect} ({@code {"ok":true,"protocolVersion":3,"version":"1.0.102"}}), {@code ping},
 * {@code auth.getStatus}, a local {@code session.create} or {@code session.resume} (echoing the session id),
 * {@code session.destroy} and {@code session.delete}, and refuses every other method with {@code -32601}. It sends
 * the {@code session.lifecycle} and {@code session.event} notifications a test asks for, in the wire shapes of the
 * real CLI.
 */
public final class ScriptedCliServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<String> methods = new CopyOnWriteArrayList<>();
  private final Object writeLock = new Object();
  private volatile @Nullable Socket latest;
  private volatile boolean answerPings = true;
  private volatile boolean closed;
  private final Map<String, CompletableFuture<JsonNode>> serverRequests = new ConcurrentHashMap<>();
  private final AtomicLong nextRequestId = new AtomicLong();

  private ScriptedCliServer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "scripted-cli-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Starts a server on an ephemeral loopback port.
   *
   * @return the running server
   * @throws IOException when no port can be bound
   */
  public static ScriptedCliServer start() throws IOException {
    return new ScriptedCliServer();
  }

  /** @return {@code 127.0.0.1:<port>} */
  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** @return the port */
  public int port() {
    return server.getLocalPort();
  }

  /** @return the methods of the messages received so far, in order */
  public List<String> methods() {
    return List.copyOf(methods);
  }

  /** @param answer whether {@code ping} is answered; when false it is left unanswered (a hung CLI) */
  public void answerPings(boolean answer) {
    this.answerPings = answer;
  }

  /** Closes every client connection, as a CLI that died would; the server keeps listening. */
  public void dropConnections() {
    sockets.forEach(ScriptedCliServer::closeQuietly);
  }

  /**
   * Sends a {@code session.lifecycle} notification to the latest client.
   *
   * @param type for example {@code session.created}
   * @param sessionId the session
   * @param clientSessionId the provisional id of a cloud create, or null
   * @throws IOException when no client is connected
   */
  public void lifecycle(String type, String sessionId, @Nullable String clientSessionId) throws IOException {
    ObjectNode params = JSON.createObjectNode();
    params.put("type", type);
    params.put("sessionId", sessionId);
    if (clientSessionId != null) {
      params.put("clientSessionId", clientSessionId);
    }
    params.putObject("metadata").put("startTime", "2026-01-01T00:00:00Z").put("modifiedTime", "2026-01-01T00:00:01Z");
    notify("session.lifecycle", params);
  }

  /**
   * Sends a {@code session.event} notification to the latest client.
   *
   * @param sessionId the session
   * @param type the event type, for example {@code assistant.message}
   * @param eventId the event's id
   * @param data the event's data
   * @throws IOException when no client is connected
   */
  public void sessionEvent(String sessionId, String type, String eventId, Map<String, Object> data)
      throws IOException {
    ObjectNode event = JSON.createObjectNode();
    event.put("type", type);
    event.set("data", JSON.valueToTree(data));
    event.put("id", eventId);
    event.put("timestamp", "2026-01-01T00:00:00Z");
    event.putNull("parentId");
    ObjectNode params = JSON.createObjectNode();
    params.put("sessionId", sessionId);
    params.set("event", event);
    notify("session.event", params);
  }

  /**
   * Sends any notification to the latest client.
   *
   * @param method the notification's method
   * @param params its params
   * @throws IOException when no client is connected
   */
  public void notify(String method, JsonNode params) throws IOException {
    ObjectNode message = JSON.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("method", method);
    message.set("params", params);
    Socket socket = latest;
    if (socket == null) {
      throw new IOException("no client is connected");
    }
    send(socket, message);
  }

  /**
   * Sends a request to the latest client, as the CLI does for {@code clientSession.*} and {@code clientGlobal.*}
   * methods.
   *
   * @param method the request's method
   * @param params its params
   * @return completes with the client's whole response message (its {@code result} or {@code error})
   * @throws IOException when no client is connected
   */
  public CompletableFuture<JsonNode> request(String method, JsonNode params) throws IOException {
    String id = "cli-" + nextRequestId.incrementAndGet();
    CompletableFuture<JsonNode> response = new CompletableFuture<>();
    serverRequests.put(id, response);
    ObjectNode message = JSON.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("id", id);
    message.put("method", method);
    message.set("params", params);
    Socket socket = latest;
    if (socket == null) {
      serverRequests.remove(id);
      throw new IOException("no client is connected");
    }
    send(socket, message);
    return response;
  }

  @Override
  public void close() {
    closed = true;
    serverRequests.values().forEach(pending -> pending.completeExceptionally(new IOException("server closed")));
    closeQuietly(server);
    dropConnections();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
        socket.setTcpNoDelay(true);
      } catch (IOException e) {
        return;
      }
      sockets.add(socket);
      latest = socket;
      Thread reader = new Thread(() -> readLoop(socket), "scripted-cli-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void readLoop(Socket socket) {
    try (InputStream in = new BufferedInputStream(socket.getInputStream())) {
      byte[] frame;
      while ((frame = readFrame(in)) != null) {
        JsonNode request = JSON.readTree(frame);
        if (!request.has("method")) {
          // the client's answer to one of our requests
          CompletableFuture<JsonNode> pending = serverRequests.remove(request.path("id").asText());
          if (pending != null) {
            pending.complete(request);
          }
          continue;
        }
        String method = request.path("method").asText();
        methods.add(method);
        JsonNode id = request.get("id");
        if (id == null || id.isNull()) {
          continue;
        }
        JsonNode params = request.path("params");
        Object result;
        switch (method) {
          case "connect" -> result = Map.of("ok", true, "protocolVersion", 3, "version", "1.0.102");
          case "ping" -> {
            if (!answerPings) {
              continue;
            }
            result = Map.of("message", "pong: " + params.path("message").asText(),
                "timestamp", "2026-01-01T00:00:00Z", "protocolVersion", 3);
          }
          case "auth.getStatus" -> result = Map.of("isAuthenticated", true, "authType", "token",
              "host", "https://github.com", "statusMessage", "scripted");
          case "session.create", "session.resume" -> result = Map.of("sessionId", params.path("sessionId").asText());
          case "session.destroy", "session.delete" -> result = Map.of("success", true);
          default -> result = null;
        }
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        if (result != null) {
          response.set("result", JSON.valueToTree(result));
        } else {
          response.putObject("error").put("code", -32601).put("message", "Unhandled method " + method);
        }
        send(socket, response);
      }
    } catch (IOException e) {
      // the client went away or the connection was dropped
    } finally {
      sockets.remove(socket);
      closeQuietly(socket);
    }
  }

  private void send(Socket socket, ObjectNode message) throws IOException {
    byte[] body = JSON.writeValueAsBytes(message);
    byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[header.length + body.length];
    System.arraycopy(header, 0, frame, 0, header.length);
    System.arraycopy(body, 0, frame, header.length, body.length);
    synchronized (writeLock) {
      OutputStream out = socket.getOutputStream();
      out.write(frame);
      out.flush();
    }
  }

  private static byte @Nullable [] readFrame(InputStream in) throws IOException {
    int length = -1;
    while (true) {
      String line = readLine(in);
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        break;
      }
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    if (length < 0) {
      throw new IOException("frame without Content-Length");
    }
    return in.readNBytes(length);
  }

  private static @Nullable String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return null;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}
