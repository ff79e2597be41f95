package dev.copilotj.spring.boot.compat;

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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tiny scripted stand-in for a running Copilot CLI server: a JSON-RPC peer on an ephemeral 127.0.0.1 port that
 * answers {@code connect} ({@code {"ok":true,"protocolVersion":3,"version":"1.0.102"}}), {@code ping} and
 * {@code auth.getStatus}, and refuses every other method. Connect a client with
 * {@code serverAddress(server.address())} or {@code copilot.server.url}. A copy of the autoconfigure module's
 * test server: the two modules share no test code, since they run on different Boot lines.
 */
public final class ScriptedCliServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<String> methods = new CopyOnWriteArrayList<>();
  private volatile boolean answerPings = true;

  private ScriptedCliServer() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::accept, "scripted-cli-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Opens a server on an ephemeral loopback port.
   *
   * @return the listening server
   * @throws IOException when no port can be bound
   */
  public static ScriptedCliServer start() throws IOException {
    return new ScriptedCliServer();
  }

  /** @return the address for {@code serverAddress(...)} or {@code copilot.server.url} */
  public String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** @return every method called so far, in order */
  public List<String> methods() {
    return List.copyOf(methods);
  }

  /** @param answer whether {@code ping} is answered; when false it is left unanswered */
  public void answerPings(boolean answer) {
    this.answerPings = answer;
  }

  /** Closes every client connection, as a CLI that died would. */
  public void dropConnections() {
    sockets.forEach(ScriptedCliServer::closeQuietly);
  }

  @Override
  public void close() {
    closeQuietly(server);
    dropConnections();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        Thread reader = new Thread(() -> serve(socket), "scripted-cli-conn");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (true) {
        byte[] frame = readFrame(in);
        if (frame == null) {
          return;
        }
        JsonNode request = JSON.readTree(frame);
        JsonNode id = request.get("id");
        String method = request.path("method").asText();
        methods.add(method);
        if (id == null) {
          continue;
        }
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        switch (method) {
          case "connect" -> response.set("result", JSON.valueToTree(
              Map.of("ok", true, "protocolVersion", 3, "version", "1.0.102")));
          case "ping" -> {
            if (!answerPings) {
              continue;
            }
            response.set("result", JSON.valueToTree(Map.of("message",
                "pong: " + request.path("params").path("message").asText(), "timestamp", "2026-01-01T00:00:00Z",
                "protocolVersion", 3)));
          }
          case "auth.getStatus" -> response.set("result", JSON.valueToTree(Map.of("isAuthenticated", true,
              "authType", "token", "host", "https://github.com", "statusMessage", "scripted")));
          default -> response.set("error", JSON.valueToTree(Map.of("code", -32601,
              "message", "Unhandled method " + method)));
        }
        byte[] body = JSON.writeValueAsBytes(response);
        byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[header.length + body.length];
        System.arraycopy(header, 0, message, 0, header.length);
        System.arraycopy(body, 0, message, header.length, body.length);
        synchronized (out) {
          out.write(message);
          out.flush();
        }
      }
    } catch (IOException e) {
      // the client went away or the connection was dropped
    } finally {
      sockets.remove(socket);
    }
  }

  private static byte[] readFrame(InputStream in) throws IOException {
    int length = -1;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        String header = line.toString(StandardCharsets.US_ASCII).trim();
        line.reset();
        if (header.isEmpty()) {
          break;
        }
        if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      } else {
        line.write(b);
      }
    }
    if (length < 0) {
      throw new IOException("frame without Content-Length");
    }
    return in.readNBytes(length);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
