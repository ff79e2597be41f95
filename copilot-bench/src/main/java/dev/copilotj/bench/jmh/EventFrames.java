package dev.copilotj.bench.jmh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.copilotj.internal.json.Json;
import dev.copilotj.internal.session.NotificationRouter;

/** Realistic wire bytes for the micro-benchmarks, and the reader thread's dispatch, as JsonRpcConnection does it. */
final class EventFrames {

  private EventFrames() {
  }

  /** Session ids, as the SDK makes them. */
  static List<String> sessionIds(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    return ids;
  }

  /**
   * The JSON body of one streamed {@code assistant.message_delta} notification, shaped like the CLI's (protocol
   * notes, section 7): envelope with id, timestamp, parentId and ephemeral; data with messageId and deltaContent.
   */
  static String deltaJson(String sessionId, int n) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"session.event\",\"params\":{\"sessionId\":\"" + sessionId + "\","
        + "\"event\":{\"type\":\"assistant.message_delta\",\"data\":{\"messageId\":\"" + UUID.randomUUID()
        + "\",\"deltaContent\":\"" + (n % 2 == 0 ? "Streaming works one " : "word at a time, ") + "\"},"
        + "\"id\":\"" + UUID.randomUUID() + "\",\"timestamp\":\"2026-11-24T10:15:" + String.format("%02d", n % 60)
        + ".123Z\",\"parentId\":\"" + UUID.randomUUID() + "\",\"ephemeral\":true}}}";
  }

  /** {@code Content-Length} framing around a body. */
  static byte[] frame(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] header = ("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[header.length + body.length];
    System.arraycopy(header, 0, frame, 0, header.length);
    System.arraycopy(body, 0, frame, header.length, body.length);
    return frame;
  }

  /** {@code count} framed delta events, round-robin over the sessions, back to back as on the pipe. */
  static byte[] stream(List<String> sessionIds, int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      out.writeBytes(frame(deltaJson(sessionIds.get(i % sessionIds.size()), i)));
    }
    return out.toByteArray();
  }

  /** The {@code params} trees of the same events, parsed once, for the router-only benchmarks. */
  static JsonNode[] params(List<String> sessionIds, int count) throws IOException {
    JsonNode[] params = new JsonNode[count];
    for (int i = 0; i < count; i++) {
      params[i] = Json.MAPPER.readTree(deltaJson(sessionIds.get(i % sessionIds.size()), i)).get("params");
    }
    return params;
  }

  /** What {@code JsonRpcConnection.dispatch} does with one body before the listener (the router) sees it. */
  static void dispatch(byte[] body, NotificationRouter router) throws IOException {
    JsonNode message = Json.MAPPER.readTree(body);
    if (message == null || !message.isObject()) {
      return;
    }
    JsonNode method = message.get("method");
    JsonNode id = message.get("id");
    if (method != null && method.isTextual() && (id == null || id.isNull())) {
      JsonNode params = message.get("params");
      router.route(method.textValue(), params != null ? params : NullNode.getInstance());
    }
  }

  /** An input stream over a fixed byte array that can be rewound, so one FrameDecoder serves every op. */
  static final class Rewindable extends InputStream {
    private final byte[] data;
    private int position;

    Rewindable(byte[] data) {
      this.data = data;
    }

    void rewind() {
      position = 0;
    }

    @Override
    public int read() {
      return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= data.length) {
        return -1;
      }
      int n = Math.min(len, data.length - position);
      System.arraycopy(data, position, b, off, n);
      position += n;
      return n;
    }
  }
}
