package dev.copilotj.spring.boot.autoconfigure.event;

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
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * A scripted stand-in for a Copilot CLI server on an ephemeral 127.0.0.1 port, for the client's
 * {@code serverAddress}: it answers {@code connect}, {@code auth.getStatus}, {@code ping}, a local
 * {@code session.create}, {@code session.destroy} and {@code session.delete}, and sends whatever notifications a
 * test asks for. No CLI process is involved, so the tests are fast.
 */
final class ScriptedCliServer implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<String> methods = new CopyOnWriteArrayList<>();
  private final Object writeLock = new Object();
  private volatile @Nullable Socket socket;
  private volatile boolean closed;

  ScriptedCliServer() throws IOException {
    this.server = new ServerSocket();
    this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.acceptor = new Thread(this::acceptLoop, "scripted-cli-accept");
    this.acceptor.setDaemon(true);
    this.acceptor.start();
  }

  String address() {
    return "127.0.0.1:" + this.server.getLocalPort();
  }

  /** @return the methods of the requests received so far, in order */
  List<String> methods() {
    return List.copyOf(this.methods);
  }

  void lifecycle(String type, String sessionId, @Nullable String clientSessionId) throws IOException {
    ObjectNode params = MAPPER.createObjectNode();
    params.put("type", type);
    params.put("sessionId", sessionId);
    if (clientSessionId != null) {
      params.put("clientSessionId", clientSessionId);
    }
    params.putObject("metadata").put("startTime", "2026-01-01T00:00:00Z").put("modifiedTime", "2026-01-01T00:00:01Z");
    notify("session.lifecycle", params);
  }

  void sessionEvent(String sessionId, String type, String eventId, Map<String, Object> data) throws IOException {
    ObjectNode event = MAPPER.createObjectNode();
    event.put("type", type);
    event.set("data", MAPPER.valueToTree(data));
    event.put("id", eventId);
    event.put("timestamp", "2026-01-01T00:00:00Z");
    event.putNull("parentId");
    event.put("ephemeral", false);
    ObjectNode params = MAPPER.createObjectNode();
    params.put("sessionId", sessionId);
    params.set("event", event);
    notify("session.event", params);
  }

  void notify(String method, JsonNode params) throws IOException {
    ObjectNode message = MAPPER.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("method", method);
    message.set("params", params);
    send(message);
  }

  @Override
  public void close() {
    this.closed = true;
    closeQuietly(this.server);
    Socket current = this.socket;
    if (current != null) {
      closeQuietly(current);
    }
  }

  private void respond(JsonNode id, Object result) throws IOException {
    ObjectNode message = MAPPER.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.set("id", id);
    message.set("result", MAPPER.valueToTree(result));
    send(message);
  }

  private void respondError(JsonNode id, String text) throws IOException {
    ObjectNode message = MAPPER.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.set("id", id);
    message.putObject("error").put("code", -32601).put("message", text);
    send(message);
  }

  private void send(ObjectNode message) throws IOException {
    byte[] body = MAPPER.writeValueAsBytes(message);
    byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    Socket current = this.socket;
    if (current == null) {
      throw new IOException("no client is connected");
    }
    synchronized (this.writeLock) {
      OutputStream out = current.getOutputStream();
      out.write(header);
      out.write(body);
      out.flush();
    }
  }

  private void acceptLoop() {
    while (!this.closed) {
      Socket accepted;
      try {
        accepted = this.server.accept();
        accepted.setTcpNoDelay(true);
      } catch (IOException ex) {
        return;
      }
      this.socket = accepted;
      Thread reader = new Thread(() -> readLoop(accepted), "scripted-cli-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  private void readLoop(Socket connection) {
    try (InputStream in = new BufferedInputStream(connection.getInputStream())) {
      byte[] body;
      while ((body = readFrame(in)) != null) {
        JsonNode message = MAPPER.readTree(body);
        JsonNode id = message.get("id");
        JsonNode method = message.get("method");
        if (id == null || id.isNull() || method == null) {
          continue;
        }
        JsonNode params = message.path("params");
        this.methods.add(method.asText());
        switch (method.asText()) {
          case "connect" -> respond(id, Map.of("ok", true, "protocolVersion", 3, "version", "1.0.102"));
          case "auth.getStatus" -> respond(id, Map.of("isAuthenticated", true, "authType", "token"));
          case "ping" -> respond(id, Map.of("message", "pong", "protocolVersion", 3));
          case "session.create", "session.resume" -> respond(id, Map.of("sessionId", params.path("sessionId").asText()));
          case "session.destroy", "session.delete" -> respond(id, Map.of("success", true));
          default -> respondError(id, "Unhandled method " + method.asText());
        }
      }
    } catch (IOException ex) {
      // the client went away or the server was closed
    } finally {
      closeQuietly(connection);
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
