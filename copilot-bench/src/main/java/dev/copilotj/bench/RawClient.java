package dev.copilotj.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * The baseline: the least a Java client must do to drive the CLI's JSON-RPC server. It spawns the CLI with the
 * SDK's flags and environment, writes each frame with one blocking write under a lock, reads on one thread, keeps
 * a map of {@link CompletableFuture}s by id, and answers {@code permission.requested} and
 * {@code external_tool.requested} events straight from the reader thread (protocol notes, section 8). No
 * executor hops, no typed events, no timeouts: everything the SDK adds on top of this costs relative to it.
 * {@link #overStreams} runs the same client over any pair of streams, for the in-process JMH round trip.
 */
public final class RawClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] HEADER = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CRLFCRLF = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final @Nullable Process process;
  private final OutputStream out;
  private final InputStream in;
  private final Object writeLock = new Object();
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, RawSession> sessions = new ConcurrentHashMap<>();
  private final Thread reader;
  private final BlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();
  private volatile boolean closing;
  /** Written by the reader thread only. */
  private volatile long framesRead;
  private volatile long bytesRead;
  /** Frame bytes by {@code session.event} type (or notification method), for the wire report. */
  private final Map<String, long[]> bytesByType = new ConcurrentHashMap<>();
  /** When set, the reader thread appends every frame body here (see {@link CaptureTurn}). */
  private volatile List<byte[]> capture;

  /**
   * Diagnostic variant: hand frames to a writer thread through a {@link LinkedBlockingQueue}, as the SDK's
   * JsonRpcConnection does, instead of writing on the caller's thread. Shows what that hand-off costs.
   */
  private final boolean writerThread;

  private RawClient(@Nullable Process process, InputStream in, OutputStream out, String name, boolean writerThread) {
    this.process = process;
    this.writerThread = writerThread;
    this.out = out;
    this.in = new BufferedInputStream(in, 64 * 1024);
    this.reader = new Thread(this::readLoop, "raw-rpc-reader-" + name);
    reader.setDaemon(true);
    reader.start();
    if (writerThread) {
      Thread writer = new Thread(this::writeLoop, "raw-rpc-writer-" + name);
      writer.setDaemon(true);
      writer.start();
    }
  }

  private void writeLoop() {
    try {
      while (true) {
        byte[] frame = outbound.take();
        while (frame != null) {
          out.write(frame);
          frame = outbound.poll();
        }
        out.flush();
      }
    } catch (InterruptedException | IOException e) {
      // closed
    }
  }

  /** Spawns the CLI exactly as the SDK does (same flags, environment and working directory). */
  static RawClient spawn(CliSetup setup, boolean writerThread) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(setup.rawCommand())
        .directory(setup.workDirectory().toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(setup.rawEnvironment());
    Process process = builder.start();
    return new RawClient(process, process.getInputStream(), process.getOutputStream(), Long.toString(process.pid()),
        writerThread);
  }

  /**
   * The same client over a pair of streams instead of a CLI process.
   *
   * @param in what the peer sends
   * @param out where the frames go
   * @param writerThread hand frames to a writer thread instead of writing on the caller's thread
   * @return the client, reading already
   */
  public static RawClient overStreams(InputStream in, OutputStream out, boolean writerThread) {
    return new RawClient(null, in, out, writerThread ? "streams-queued" : "streams", writerThread);
  }

  /** Spawns the CLI and waits for the {@code connect} reply. */
  static RawClient spawnAndConnect(CliSetup setup) throws Exception {
    return spawnAndConnect(setup, false);
  }

  static RawClient spawnAndConnect(CliSetup setup, boolean writerThread) throws Exception {
    RawClient client = spawn(setup, writerThread);
    try {
      JsonNode result = client.request("connect", JSON.createObjectNode()).get(60, TimeUnit.SECONDS);
      if (result.path("protocolVersion").asInt() != 3) {
        throw new IllegalStateException("unexpected connect result " + result);
      }
      return client;
    } catch (Exception e) {
      client.close();
      throw e;
    }
  }

  long framesRead() {
    return framesRead;
  }

  long bytesRead() {
    return bytesRead;
  }

  /** A snapshot of frames and bytes per event type (or method) since the last reset. */
  Map<String, long[]> bytesByType() {
    Map<String, long[]> copy = new TreeMap<>();
    bytesByType.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  void capture(List<byte[]> sink) {
    capture = sink;
  }

  void resetBytesByType() {
    bytesByType.clear();
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  /**
   * Sends a request.
   *
   * @param method the method
   * @param params the params object
   * @return the result, or a failure with the JSON-RPC error
   */
  public CompletableFuture<JsonNode> request(String method, ObjectNode params) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> future = new CompletableFuture<>();
    pending.put(id, future);
    ObjectNode message = JSON.createObjectNode();
    message.put("jsonrpc", "2.0");
    message.put("id", id);
    message.put("method", method);
    message.set("params", params);
    try {
      write(JSON.writeValueAsBytes(message));
    } catch (IOException e) {
      pending.remove(id);
      future.completeExceptionally(e);
    }
    return future;
  }

  /** @return an empty params object to fill */
  public ObjectNode params() {
    return JSON.createObjectNode();
  }

  /** {@code session.create} with the params the SDK sends for {@code SessionConfig.defaults()} (plus a tool). */
  CompletableFuture<RawSession> createSession(String sessionId, boolean echoTool) {
    RawSession session = new RawSession(this, sessionId);
    sessions.put(sessionId, session);
    ObjectNode params = params();
    params.put("requestPermission", true);
    params.put("envValueMode", "direct");
    params.put("streaming", false);
    if (echoTool) {
      ObjectNode tool = params.putArray("tools").addObject();
      tool.put("name", "echo_upper");
      tool.put("description", "Upper-cases the given text");
      ObjectNode schema = tool.putObject("parameters");
      schema.put("type", "object");
      schema.putObject("properties").putObject("text").put("type", "string");
      schema.putArray("required").add("text");
    }
    params.put("sessionId", sessionId);
    return request("session.create", params).thenApply(result -> session);
  }

  void forget(String sessionId) {
    sessions.remove(sessionId);
  }

  private void write(byte[] body) throws IOException {
    byte[] length = Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[HEADER.length + length.length + CRLFCRLF.length + body.length];
    System.arraycopy(HEADER, 0, frame, 0, HEADER.length);
    System.arraycopy(length, 0, frame, HEADER.length, length.length);
    System.arraycopy(CRLFCRLF, 0, frame, HEADER.length + length.length, CRLFCRLF.length);
    System.arraycopy(body, 0, frame, HEADER.length + length.length + CRLFCRLF.length, body.length);
    if (writerThread) {
      outbound.add(frame);
      return;
    }
    synchronized (writeLock) {
      out.write(frame);
      out.flush();
    }
  }

  private void readLoop() {
    try {
      while (true) {
        int length = readHeader();
        if (length < 0) {
          break;
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
          throw new EOFException("stream ended inside a frame");
        }
        framesRead++;
        bytesRead += body.length;
        List<byte[]> sink = capture;
        if (sink != null) {
          sink.add(body);
        }
        JsonNode message = JSON.readTree(body);
        String kind = message.path("method").asText("response");
        if ("session.event".equals(kind)) {
          kind = message.path("params").path("event").path("type").asText("?");
        }
        long[] counts = bytesByType.computeIfAbsent(kind, k -> new long[2]);
        counts[0]++;
        counts[1] += body.length;
        dispatch(message);
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        System.err.println("raw client reader failed: " + e);
      }
    }
    IOException closed = new IOException("the CLI closed the connection");
    pending.values().forEach(f -> f.completeExceptionally(closed));
    sessions.values().forEach(s -> s.fail(closed));
  }

  /** Reads {@code Content-Length: N\r\n\r\n}; returns N, or -1 at a clean end of stream. */
  private int readHeader() throws IOException {
    int length = -1;
    StringBuilder line = new StringBuilder(32);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.length() == 0 && length < 0) {
          return -1;
        }
        throw new EOFException("stream ended inside a header");
      }
      if (b == '\n') {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
          line.setLength(end - 1);
        }
        if (line.length() == 0) {
          if (length < 0) {
            throw new IOException("frame without Content-Length");
          }
          return length;
        }
        int colon = line.indexOf(":");
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
          length = Integer.parseInt(line.substring(colon + 1).trim());
        }
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }
  }

  private void dispatch(JsonNode message) {
    JsonNode method = message.get("method");
    JsonNode id = message.get("id");
    if (method == null) {
      if (id != null && id.canConvertToLong()) {
        CompletableFuture<JsonNode> future = pending.remove(id.longValue());
        if (future != null) {
          JsonNode error = message.get("error");
          if (error != null && !error.isNull()) {
            future.completeExceptionally(new IllegalStateException("JSON-RPC error " + error));
          } else {
            future.complete(message.path("result"));
          }
        }
      }
      return;
    }
    if ("session.event".equals(method.textValue())) {
      JsonNode params = message.path("params");
      RawSession session = sessions.get(params.path("sessionId").asText());
      if (session != null) {
        session.onEvent(params.path("event"));
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      out.close(); // EOF on stdin: the CLI exits
    } catch (IOException ignored) {
      // already gone
    }
    if (process == null) {
      return;
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
