package dev.copilotj.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.internal.rpc.FrameDecoder;

/**
 * A tiny stand-in for the CLI's TCP JSON-RPC server, fast enough to open 10 000 real {@code CopilotSession}s:
 * it answers {@code connect}, {@code ping}, {@code session.create} (echoing the requested id, after the CLI's
 * {@code session.created} lifecycle notification, which it also repeats after the answer, like the CLI),
 * {@code session.destroy} and {@code runtime.shutdown}; anything else gets "method not found". It keeps no
 * state per session.
 */
final class FakeRpcServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerSocket server;
  private final Thread acceptor;

  private FakeRpcServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::acceptLoop, "fake-rpc-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static FakeRpcServer start() throws IOException {
    return new FakeRpcServer();
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        Thread t = new Thread(() -> serve(socket), "fake-rpc-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      FrameDecoder decoder = new FrameDecoder(socket.getInputStream(), 16 << 20);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      byte[] body;
      while ((body = decoder.readFrame()) != null) {
        JsonNode request = JSON.readTree(body);
        JsonNode id = request.get("id");
        String method = request.path("method").asText();
        JsonNode params = request.path("params");
        ObjectNode response = JSON.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        switch (method) {
          case "connect" -> response.putObject("result").put("ok", true).put("protocolVersion", 3)
              .put("version", "1.0.102");
          case "ping" -> response.putObject("result").put("message", "pong: " + params.path("message").asText())
              .put("timestamp", Instant.now().toString()).put("protocolVersion", 3);
          case "session.create" -> {
            String sessionId = params.path("sessionId").asText();
            send(out, lifecycle(sessionId));
            response.putObject("result").put("sessionId", sessionId);
            send(out, response);
            send(out, lifecycle(sessionId));
            out.flush();
            continue;
          }
          case "session.destroy" -> response.putObject("result").put("success", true);
          case "runtime.shutdown" -> response.putNull("result");
          default -> response.putObject("error").put("code", -32601).put("message", "Unhandled method " + method);
        }
        send(out, response);
        out.flush();
      }
    } catch (IOException e) {
      // client went away
    }
  }

  private static ObjectNode lifecycle(String sessionId) {
    ObjectNode n = JSON.createObjectNode();
    n.put("jsonrpc", "2.0");
    n.put("method", "session.lifecycle");
    ObjectNode p = n.putObject("params");
    p.put("type", "session.created");
    p.put("sessionId", sessionId);
    String now = Instant.now().toString();
    p.putObject("metadata").put("startTime", now).put("modifiedTime", now);
    return n;
  }

  private static void send(OutputStream out, JsonNode message) throws IOException {
    byte[] body = JSON.writeValueAsBytes(message);
    out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
