package dev.copilotj.internal.rpc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.copilotj.ConnectionClosedException;
import dev.copilotj.CopilotException;
import dev.copilotj.JsonRpcException;
import dev.copilotj.RequestTimeoutException;
import dev.copilotj.internal.concurrent.CallbackFuture;
import dev.copilotj.internal.concurrent.DeadlineSweeper;
import dev.copilotj.internal.concurrent.SdkThreads;
import dev.copilotj.internal.json.Json;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-RPC 2.0 connection over {@code Content-Length} framing.
 *
 * <p>One reader thread decodes frames and makes every routing decision in wire order; a {@link FrameWriter}
 * writes small frames on the caller's thread when that cannot block and hands the rest to its writer thread, so
 * a caller never blocks on a full pipe. One {@link DeadlineSweeper} times out all requests. Responses complete their
 * {@link CallbackFuture}s on the reader thread (callers' dependent stages run on the callback executor);
 * notifications go to the {@link Listener} on the reader thread, which must hand user code elsewhere.
 * When the stream ends or breaks, every pending request fails at once with the transport's explanation.
 */
public final class JsonRpcConnection {

  /** Receives what the reader thread decodes. */
  public interface Listener {

    /**
     * A notification arrived. Called on the reader thread, in wire order: decide quickly, never block.
     *
     * @param method the notification's method
     * @param params its params, or a {@code NullNode}
     */
    void onNotification(String method, JsonNode params);

    /**
     * A request from the peer arrived. Called on the reader thread, in wire order: hand it on, never block. It
     * must be answered once ({@link IncomingRequest#respond} or {@link IncomingRequest#fail}); by default it is
     * refused with "method not found".
     *
     * @param request the request
     */
    default void onRequest(IncomingRequest request) {
      request.fail(JsonRpcException.METHOD_NOT_FOUND, "Method not supported by this client: " + request.method());
    }

    /**
     * The reader thread starts reading frames; called on it, once, before anything else.
     */
    default void onReaderStart() {
    }

    /**
     * The reader thread is about to read more bytes, which may block until the peer sends some: hand over what
     * the notifications so far left to do. Called on the reader thread, also once when it ends.
     */
    default void beforeRead() {
    }

    /**
     * The connection closed; called once, after every pending request has failed.
     *
     * @param cause why it closed
     */
    void onClosed(CopilotException cause);
  }

  private static final Logger log = LoggerFactory.getLogger(JsonRpcConnection.class);
  private static final byte[] HEADER_PREFIX = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  /** Dropped frames logged at WARN before the rest go to DEBUG (with every 1000th at WARN again). */
  static final int LOUD_DROPS = 10;

  private final String name;
  private final Transport transport;
  private final Listener listener;
  private final Executor callbackExecutor;
  private final FrameDecoder decoder;
  private final AtomicLong nextId = new AtomicLong();
  private final Map<Long, PendingRequest<?>> pending = new ConcurrentHashMap<>();
  private final FrameWriter writer;
  private final DeadlineSweeper deadlines = new DeadlineSweeper(SdkThreads.timer(), this::timeOutExpired);
  private final AtomicReference<@Nullable CopilotException> closeCause = new AtomicReference<>();
  private volatile long droppedFrames; // written by the reader thread only

  /**
   * Creates a connection; nothing is read or written until {@link #start()}.
   *
   * @param name names the reader and writer threads
   * @param transport the byte pipe
   * @param listener receives notifications and the close
   * @param callbackExecutor where callers' dependent stages run
   * @param maxFrameBytes the largest frame body accepted from the peer
   */
  public JsonRpcConnection(String name, Transport transport, Listener listener, Executor callbackExecutor,
      int maxFrameBytes) {
    this.name = name;
    this.transport = transport;
    this.listener = listener;
    this.callbackExecutor = callbackExecutor;
    this.decoder = new FrameDecoder(transport.input(), maxFrameBytes, this::beforeRead);
    this.writer = new FrameWriter(name + "-writer", transport.output(), this::writeFailed);
  }

  /** Starts the reader and writer threads. */
  public void start() {
    SdkThreads.startDaemon(name + "-reader", this::readLoop);
    writer.start();
  }

  /**
   * Sends a request.
   *
   * @param method the JSON-RPC method
   * @param params the params (a tree, a map or a record), or null for none
   * @param timeout when to give up waiting for the response
   * @param resultDecoder turns the result into the caller's type, on the reader thread
   * @param <T> the result type
   * @return a future completed with the decoded result, or failed with a {@link CopilotException}
   */
  public <T> CompletableFuture<T> request(String method, @Nullable Object params, Duration timeout,
      ResultDecoder<T> resultDecoder) {
    CallbackFuture<T> future = new CallbackFuture<>(callbackExecutor);
    CopilotException closed = closeCause.get();
    if (closed != null) {
      future.completeExceptionally(closed);
      return future;
    }
    long id = nextId.incrementAndGet();
    byte[] frame;
    try {
      frame = encodeRequest(id, method, params);
    } catch (IOException e) {
      future.completeExceptionally(new CopilotException("Cannot encode the params of '" + method + "' as JSON: "
          + e.getMessage() + ". Pass maps, lists, strings, numbers, booleans or records.", e));
      return future;
    }
    PendingRequest<T> request = new PendingRequest<>(method, timeout,
        DeadlineSweeper.deadline(System.nanoTime(), saturatedNanos(timeout)), resultDecoder, future);
    pending.put(id, request);
    closed = closeCause.get();
    if (closed != null) {
      // close() may have drained the map before our put: fail it ourselves.
      if (pending.remove(id) != null) {
        future.completeExceptionally(closed);
      }
      return future;
    }
    deadlines.watch(request.deadline);
    writer.send(frame, request);
    return future;
  }

  private static long saturatedNanos(Duration timeout) {
    return timeout.compareTo(Duration.ofDays(100)) > 0 ? Duration.ofDays(100).toNanos() : timeout.toNanos();
  }

  /** Fails the requests whose deadline passed; returns the earliest deadline still pending. */
  private long timeOutExpired(long now) {
    long next = DeadlineSweeper.NONE;
    for (Map.Entry<Long, PendingRequest<?>> entry : pending.entrySet()) {
      PendingRequest<?> request = entry.getValue();
      if (request.deadline <= now) {
        if (pending.remove(entry.getKey(), request)) {
          request.fail(new RequestTimeoutException(request.method, request.timeout));
        }
      } else if (request.deadline < next) {
        next = request.deadline;
      }
    }
    return next;
  }

  private void writeFailed(IOException error) {
    if (isOpen()) {
      close(transport.describeEnd(error));
    }
  }

  /**
   * Closes the connection: fails every pending request with {@code cause}, stops the threads and closes
   * the transport. Idempotent; only the first cause counts.
   *
   * @param cause what pending and later requests fail with
   */
  public void close(CopilotException cause) {
    if (!closeCause.compareAndSet(null, cause)) {
      return;
    }
    failPending(cause);
    deadlines.close();
    writer.close();
    transport.close();
    try {
      listener.onClosed(cause);
    } catch (RuntimeException e) {
      log.error("Close listener of {} threw", name, e);
    }
  }

  /** @return true until {@link #close} has been called or the stream ended */
  public boolean isOpen() {
    return closeCause.get() == null;
  }

  /** @return why the connection closed, or null while it is open */
  public @Nullable CopilotException closeCause() {
    return closeCause.get();
  }

  /** @return the number of requests waiting for a response */
  public int pendingCount() {
    return pending.size();
  }

  private void failPending(CopilotException cause) {
    for (Long id : pending.keySet()) {
      PendingRequest<?> request = pending.remove(id);
      if (request != null) {
        request.fail(cause);
      }
    }
  }

  private void beforeRead() {
    try {
      listener.beforeRead();
    } catch (RuntimeException e) {
      log.error("The read hook of {} threw; the connection goes on", name, e);
    }
  }

  private void readLoop() {
    try {
      readFrames();
    } finally {
      beforeRead(); // nothing gathered stays behind when the reader ends
    }
  }

  private void readFrames() {
    try {
      listener.onReaderStart();
      while (true) {
        byte[] body = decoder.readFrame();
        if (body == null) {
          close(transport.describeEnd(null));
          return;
        }
        dispatch(body);
      }
    } catch (IOException e) {
      close(isOpen() ? transport.describeEnd(e) : closedCauseOr(e));
    } catch (RuntimeException | Error e) {
      log.error("The JSON-RPC reader of {} failed", name, e);
      close(new ConnectionClosedException("The JSON-RPC reader failed: " + e, null, "", e));
    }
  }

  private CopilotException closedCauseOr(IOException e) {
    CopilotException cause = closeCause.get();
    return cause != null ? cause : transport.describeEnd(e);
  }

  private void dispatch(byte[] body) {
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      logDropped("a " + body.length + "-byte frame that is not valid JSON (" + reason + ")");
      return;
    }
    if (message == null || !message.isObject()) {
      logDropped("a frame that is not a JSON object");
      return;
    }
    JsonNode method = message.get("method");
    JsonNode id = message.get("id");
    if (method != null && method.isTextual()) {
      JsonNode params = message.get("params");
      if (id == null || id.isNull()) {
        notifyListener(method.textValue(), params != null ? params : NullNode.getInstance());
      } else {
        onRequest(new IncomingRequest(this, id, method.textValue(), params != null ? params : NullNode.getInstance()));
      }
    } else if (id != null && id.canConvertToLong()) {
      completeRequest(id.longValue(), message);
    } else {
      logDropped("a frame that is neither a request, a response nor a notification");
    }
  }

  /**
   * A peer stuck sending bad frames must not flood the log for as long as the application runs: the first
   * {@value #LOUD_DROPS} drops are logged at WARN, then every 1000th with the total, the others at DEBUG.
   */
  private void logDropped(String what) {
    long count = ++droppedFrames;
    if (count <= LOUD_DROPS || count % 1000 == 0) {
      log.warn("Dropped {} from {} ({} dropped so far{})", what, name, count,
          count == LOUD_DROPS ? "; further drops are logged at DEBUG, every 1000th at WARN" : "");
    } else {
      log.debug("Dropped {} from {} ({} dropped so far)", what, name, count);
    }
  }

  /** @return how many frames from the peer were dropped as unusable; for diagnostics and tests */
  public long droppedFrames() {
    return droppedFrames;
  }

  private void notifyListener(String method, JsonNode params) {
    try {
      listener.onNotification(method, params);
    } catch (RuntimeException e) {
      log.error("Handling notification '{}' from {} failed; the connection goes on", method, name, e);
    }
  }

  private void completeRequest(long id, JsonNode message) {
    PendingRequest<?> request = pending.remove(id);
    if (request == null) {
      log.debug("Dropped a response from {} to unknown or timed-out request id {}", name, id);
      return;
    }
    writer.peerRead(request.endOffset);
    JsonNode error = message.get("error");
    if (error != null && !error.isNull()) {
      JsonNode data = error.get("data");
      request.fail(new JsonRpcException(request.method, Json.intValue(error, "code", 0),
          Json.text(error, "message", "(no message)"), data == null || data.isNull() ? null : data.toString()));
      return;
    }
    JsonNode result = message.get("result");
    request.complete(result != null ? result : NullNode.getInstance());
  }

  /** Protocol v3 defines no server-to-client requests; answer so the server does not wait forever. */
  private void onRequest(IncomingRequest request) {
    try {
      listener.onRequest(request);
    } catch (RuntimeException e) {
      log.error("Handling request '{}' from {} failed; answering an internal error", request.method(), name, e);
      request.fail(JsonRpcException.INTERNAL_ERROR, "Internal error in the client");
    }
  }

  /** Writes the answer to a request of the peer; a failure to encode or write is logged, never thrown. */
  void answer(JsonNode id, String method, @Nullable Object result, int errorCode, @Nullable String errorMessage) {
    if (!isOpen()) {
      log.debug("Not answering request '{}': {} is closed", method, name);
      return;
    }
    try {
      writer.send(encodeAnswer(id, result, errorCode, errorMessage), null);
    } catch (IOException | IllegalArgumentException e) {
      log.warn("Could not encode the answer to request '{}' from {}: {}; answering an internal error", method, name,
          e.toString());
      try {
        writer.send(encodeAnswer(id, null, JsonRpcException.INTERNAL_ERROR, "The client's answer could not be"
            + " encoded"), null);
      } catch (IOException again) {
        log.warn("Could not answer request '{}' from {}", method, name, again);
      }
    }
  }

  private static byte[] encodeAnswer(JsonNode id, @Nullable Object result, int errorCode,
      @Nullable String errorMessage) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(128);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(body)) {
      json.writeStartObject();
      json.writeStringField("jsonrpc", "2.0");
      json.writeFieldName("id");
      json.writeTree(id);
      if (errorMessage != null) {
        json.writeObjectFieldStart("error");
        json.writeNumberField("code", errorCode);
        json.writeStringField("message", errorMessage);
        json.writeEndObject();
      } else {
        json.writeFieldName("result");
        Json.MAPPER.writeValue(json, result);
      }
      json.writeEndObject();
    }
    return frame(body);
  }

  private static byte[] encodeRequest(long id, String method, @Nullable Object params) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(body)) {
      json.writeStartObject();
      json.writeStringField("jsonrpc", "2.0");
      json.writeNumberField("id", id);
      json.writeStringField("method", method);
      json.writeFieldName("params");
      if (params == null) {
        json.writeStartObject();
        json.writeEndObject();
      } else {
        Json.MAPPER.writeValue(json, params);
      }
      json.writeEndObject();
    }
    return frame(body);
  }

  private static byte[] frame(ByteArrayOutputStream body) throws IOException {
    byte[] length = Integer.toString(body.size()).getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[HEADER_PREFIX.length + length.length + HEADER_END.length + body.size()];
    int at = 0;
    System.arraycopy(HEADER_PREFIX, 0, frame, at, HEADER_PREFIX.length);
    at += HEADER_PREFIX.length;
    System.arraycopy(length, 0, frame, at, length.length);
    at += length.length;
    System.arraycopy(HEADER_END, 0, frame, at, HEADER_END.length);
    at += HEADER_END.length;
    body.writeTo(new ArrayWriter(frame, at));
    return frame;
  }

  /** Writes into a preallocated array; avoids a second copy of the body. */
  private static final class ArrayWriter extends OutputStream {
    private final byte[] target;
    private int at;

    ArrayWriter(byte[] target, int at) {
      this.target = target;
      this.at = at;
    }

    @Override
    public void write(int b) {
      target[at++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, target, at, len);
      at += len;
    }
  }

  private static final class PendingRequest<T> implements FrameWriter.SentMark {
    final String method;
    final Duration timeout;
    final long deadline;
    final ResultDecoder<T> decoder;
    final CompletableFuture<T> future;
    volatile long endOffset; // set before the frame's bytes leave, so before any response can arrive

    PendingRequest(String method, Duration timeout, long deadline, ResultDecoder<T> decoder,
        CompletableFuture<T> future) {
      this.method = method;
      this.timeout = timeout;
      this.deadline = deadline;
      this.decoder = decoder;
      this.future = future;
    }

    @Override
    public void sentUpTo(long endOffset) {
      this.endOffset = endOffset;
    }

    void complete(JsonNode result) {
      T value;
      try {
        value = decoder.decode(result);
      } catch (RuntimeException e) {
        future.completeExceptionally(new CopilotException("The Copilot CLI's answer to '" + method
            + "' has an unexpected shape: " + e.getMessage() + ". Is the CLI version supported?", e));
        return;
      }
      future.complete(value);
    }

    void fail(Throwable cause) {
      future.completeExceptionally(cause);
    }
  }
}
