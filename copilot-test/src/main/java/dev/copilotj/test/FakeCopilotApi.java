package dev.copilotj.test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Copilot model API (CAPI) on {@code 127.0.0.1} that the real Copilot CLI can use instead of the
 * network.
 *
 * <p>Endpoints:
 *
 * <ul>
 *   <li>{@code GET /models}: the configured models (default {@value #DEFAULT_MODEL}). The CLI needs this: without
 *       it, model calls fall back to the public API host.
 *   <li>{@code POST /chat/completions}: a JSON {@code chat.completion}, or server-sent events when the request has
 *       {@code "stream": true}.
 *   <li>{@code GET /copilot_internal/user}: a Copilot user whose API endpoint is this fake.
 *   <li>anything else: 404, but still recorded.
 * </ul>
 *
 * <p>Chat replies come, in this order, from the queue filled by {@link #enqueue}, from the responder set with
 * {@link #setResponder}, or from {@link #defaultReply(ChatRequest)}.
 *
 * <p>Every request is recorded; see {@link #chatRequests()}, {@link #awaitChatRequests(int, Duration)} and
 * {@link #requests()}. The class is thread-safe.
 */
public final class FakeCopilotApi implements AutoCloseable {

  static {
    // The JDK server writes headers and body in separate writes; with Nagle's algorithm on, the body waits
    // for the client's delayed ACK (about 40 ms on Linux loopback). The property is read once, when the
    // first HttpServer is created, so it must be set here; an explicit setting by the user wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The model the fake lists when no other models are configured. */
  public static final String DEFAULT_MODEL = "claude-sonnet-4.5";

  /** The text of the default reply to an ordinary prompt. */
  public static final String DEFAULT_TEXT = "Hello from the fake model.";

  private static final Logger log = LoggerFactory.getLogger(FakeCopilotApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CALL_TOOL = Pattern.compile("CALL_TOOL\\s+([A-Za-z0-9_.\\-]+)");
  private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=\\s)(?=\\S)");
  private static final String DEFAULT_TOOL_ARGUMENTS = "{\"text\":\"hello\"}";
  private static final int TOOL_ARGUMENT_CHUNK = 16;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;
  private final List<String> configuredModels;
  private final int streamChunkSize;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong callIds = new AtomicLong();
  private final AtomicLong completionIds = new AtomicLong();

  private final Queue<FakeReply> script = new ConcurrentLinkedQueue<>();
  private volatile @Nullable Function<ChatRequest, @Nullable FakeReply> responder;
  private volatile List<String> models;

  // Guarded by itself; notified when a chat request arrives so awaitChatRequests can wake up.
  private final List<ChatRequest> chatRequests = new ArrayList<>();
  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> countsByPath = new ConcurrentHashMap<>();

  private FakeCopilotApi(Builder builder) {
    this.configuredModels = List.copyOf(builder.models);
    this.models = configuredModels;
    this.streamChunkSize = builder.streamChunkSize;
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            builder.threads,
            r -> {
              Thread t = new Thread(r, "fake-copilot-api-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot start the fake Copilot API", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
    log.debug("Fake Copilot API listening on {}", url);
  }

  /** Starts a fake with the defaults: one model ({@value #DEFAULT_MODEL}), text streamed word by word. */
  public static FakeCopilotApi start() {
    return builder().start();
  }

  /** A builder for a fake with non-default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}, without a trailing slash. */
  public String url() {
    return url;
  }

  /** The port the fake listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  // ---------------------------------------------------------------- scripting

  /** Appends replies to the script; each chat request consumes the oldest one. */
  public FakeCopilotApi enqueue(FakeReply... replies) {
    for (FakeReply reply : replies) {
      script.add(Objects.requireNonNull(reply, "reply"));
    }
    return this;
  }

  /** How many scripted replies have not been used yet. */
  public int pendingReplies() {
    return script.size();
  }

  /**
   * Sets a function that answers chat requests when the script is empty. It may return {@code null} to fall
   * back to {@link #defaultReply(ChatRequest)}. It runs on a server thread; if it throws, the fake answers 500.
   *
   * @param responder the function, or {@code null} to remove it
   */
  public FakeCopilotApi setResponder(@Nullable Function<ChatRequest, @Nullable FakeReply> responder) {
    this.responder = responder;
    return this;
  }

  /** Replaces the models that {@code GET /models} lists, until the next {@link #reset()}. */
  public FakeCopilotApi setModels(String... modelIds) {
    this.models = checkModels(List.of(modelIds));
    return this;
  }

  /** The model ids {@code GET /models} currently lists. */
  public List<String> models() {
    return models;
  }

  /**
   * Forgets the script, the responder, all recordings and request counts, and restores the models given at
   * start. Generated tool-call ids keep counting so they stay unique within a CLI session.
   */
  public void reset() {
    script.clear();
    responder = null;
    models = configuredModels;
    synchronized (chatRequests) {
      chatRequests.clear();
    }
    requests.clear();
    countsByPath.clear();
  }

  /**
   * The reply used when no script entry and no responder applies, modelled on the CLI probe's fake:
   *
   * <ul>
   *   <li>If the conversation ends with {@code tool} messages: {@code "TOOL RESULT WAS: <content>"} (several
   *       trailing tool results are joined with {@code " | "}).
   *   <li>If the last user message contains {@code CALL_TOOL <name>}: a call to that tool, with the JSON object
   *       that follows the name as arguments, or {@code {"text":"hello"}} when none follows. If the tool was not
   *       offered, a text saying so.
   *   <li>Otherwise {@value #DEFAULT_TEXT}.
   * </ul>
   */
  public static FakeReply defaultReply(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    int firstTrailingTool = messages.size();
    while (firstTrailingTool > 0 && "tool".equals(messages.get(firstTrailingTool - 1).role())) {
      firstTrailingTool--;
    }
    if (firstTrailingTool < messages.size()) {
      List<String> results = new ArrayList<>();
      for (ChatMessage m : messages.subList(firstTrailingTool, messages.size())) {
        results.add(m.text());
      }
      return FakeReply.text("TOOL RESULT WAS: " + String.join(" | ", results));
    }
    ChatMessage lastUser = request.lastUserMessage();
    if (lastUser != null) {
      String text = lastUser.text();
      Matcher m = CALL_TOOL.matcher(text);
      if (m.find()) {
        String name = m.group(1);
        if (!request.toolNames().contains(name)) {
          return FakeReply.text(
              "Tool " + name + " not offered; offered=" + String.join(",", request.toolNames()));
        }
        String args = jsonObjectAt(text, m.end());
        return FakeReply.toolCall(name, args == null ? DEFAULT_TOOL_ARGUMENTS : args);
      }
    }
    return FakeReply.text(DEFAULT_TEXT);
  }

  // ---------------------------------------------------------------- recordings

  /** All chat completion requests received so far, oldest first (a snapshot). */
  public List<ChatRequest> chatRequests() {
    synchronized (chatRequests) {
      return List.copyOf(chatRequests);
    }
  }

  /**
   * The most recent chat completion request.
   *
   * @throws IllegalStateException if none was received
   */
  public ChatRequest lastChatRequest() {
    synchronized (chatRequests) {
      if (chatRequests.isEmpty()) {
        throw new IllegalStateException("the fake Copilot API has not received a chat request");
      }
      return chatRequests.get(chatRequests.size() - 1);
    }
  }

  /**
   * Waits until at least {@code count} chat requests have arrived and returns all of them.
   *
   * @throws AssertionError if they do not arrive within {@code timeout}
   */
  public List<ChatRequest> awaitChatRequests(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (chatRequests) {
      while (chatRequests.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected at least "
                  + count
                  + " chat requests within "
                  + timeout
                  + " but got "
                  + chatRequests.size()
                  + "; requests by path: "
                  + requestCounts());
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(chatRequests, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for chat requests", e);
        }
      }
      return List.copyOf(chatRequests);
    }
  }

  /** Every HTTP request received so far, including unknown paths, oldest first (a snapshot). */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** How many requests arrived for {@code path} (without query string). */
  public int requestCount(String path) {
    AtomicInteger n = countsByPath.get(path);
    return n == null ? 0 : n.get();
  }

  /** Request counts by path, sorted by path (a snapshot). */
  public Map<String, Integer> requestCounts() {
    Map<String, Integer> copy = new TreeMap<>();
    countsByPath.forEach((path, n) -> copy.put(path, n.get()));
    return copy;
  }

  /** Stops the server at once; waiting or running handlers are interrupted. Safe to call twice. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FakeCopilotApi[" + url + "]";
  }

  // ---------------------------------------------------------------- HTTP handling

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = headersOf(exchange);
      requests.add(new RecordedRequest(method, path, exchange.getRequestURI().getRawQuery(), headers, body));
      countsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      log.debug("{} {}", method, path);

      if ("GET".equals(method) && "/models".equals(path)) {
        sendJson(exchange, 200, modelsJson());
      } else if ("GET".equals(method) && "/copilot_internal/user".equals(path)) {
        sendJson(exchange, 200, userJson());
      } else if ("POST".equals(method) && "/chat/completions".equals(path)) {
        handleChat(exchange, headers, body);
      } else {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", "Not Found (fake Copilot API): " + method + " " + path);
        sendJson(exchange, 404, error);
      }
    } catch (InterruptedException e) {
      // close() interrupts handlers that are sleeping through a delay; just drop the exchange.
      Thread.currentThread().interrupt();
    } catch (RuntimeException | IOException e) {
      log.warn("Fake Copilot API failed to answer {}", exchange.getRequestURI(), e);
    } finally {
      exchange.close();
    }
  }

  private void handleChat(HttpExchange exchange, Map<String, String> headers, String body)
      throws IOException, InterruptedException {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      sendJson(exchange, 400, errorBody(400, "request body is not a JSON object"));
      return;
    }
    ChatRequest request = toChatRequest(json, headers, body);
    synchronized (chatRequests) {
      chatRequests.add(request);
      chatRequests.notifyAll();
    }

    FakeReply reply;
    try {
      reply = nextReply(request);
    } catch (RuntimeException e) {
      log.warn("Fake Copilot API responder failed", e);
      sendJson(exchange, 500, errorBody(500, "responder failed: " + e));
      return;
    }
    if (!reply.delay().isZero()) {
      TimeUnit.NANOSECONDS.sleep(reply.delay().toNanos());
    }
    if (reply instanceof FakeReply.Error error) {
      sendJson(exchange, error.status(), errorBody(error.status(), error.message()));
      return;
    }
    List<FakeReply.ToolCall> calls = List.of();
    String content = null;
    if (reply instanceof FakeReply.ToolCalls toolCalls) {
      calls = new ArrayList<>();
      for (FakeReply.ToolCall call : toolCalls.calls()) {
        String id = call.id() != null ? call.id() : "call_fake_" + callIds.incrementAndGet();
        calls.add(new FakeReply.ToolCall(id, call.name(), call.arguments()));
      }
    } else {
      content = ((FakeReply.Text) reply).content();
    }
    ObjectNode usage = usage(request, content, calls);
    String completionId = "chatcmpl-fake-" + completionIds.incrementAndGet();
    if (request.stream()) {
      send(exchange, 200, "text/event-stream", sse(completionId, request.model(), content, calls, usage));
    } else {
      sendJson(exchange, 200, completion(completionId, request.model(), content, calls, usage));
    }
  }

  private FakeReply nextReply(ChatRequest request) {
    FakeReply scripted = script.poll();
    if (scripted != null) {
      return scripted;
    }
    Function<ChatRequest, @Nullable FakeReply> custom = responder;
    if (custom != null) {
      FakeReply reply = custom.apply(request);
      if (reply != null) {
        return reply;
      }
    }
    return defaultReply(request);
  }

  private static ChatRequest toChatRequest(JsonNode json, Map<String, String> headers, String body) {
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode m : json.path("messages")) {
      List<FakeReply.ToolCall> calls = new ArrayList<>();
      for (JsonNode c : m.path("tool_calls")) {
        JsonNode args = c.path("function").path("arguments");
        calls.add(
            new FakeReply.ToolCall(
                textOrNull(c.get("id")),
                c.path("function").path("name").asText(""),
                args.isTextual() ? args.asText() : args.isMissingNode() ? "" : args.toString()));
      }
      messages.add(
          new ChatMessage(
              m.path("role").asText(""),
              contentText(m.get("content")),
              textOrNull(m.get("tool_call_id")),
              calls));
    }
    List<String> toolNames = new ArrayList<>();
    for (JsonNode t : json.path("tools")) {
      String name = t.path("function").path("name").asText(t.path("name").asText(""));
      if (!name.isEmpty()) {
        toolNames.add(name);
      }
    }
    return new ChatRequest(
        json.path("model").asText(""), messages, toolNames, json.path("stream").asBoolean(false), headers, body);
  }

  // ---------------------------------------------------------------- JSON bodies

  private ObjectNode modelsJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode data = root.putArray("data");
    for (String id : models) {
      ObjectNode model = data.addObject();
      model.put("id", id);
      model.put("name", id);
      model.put("object", "model");
      model.put("vendor", "fake");
      model.put("version", id);
      model.put("model_picker_enabled", true);
      ObjectNode capabilities = model.putObject("capabilities");
      capabilities.put("type", "chat");
      capabilities.put("family", id);
      ObjectNode supports = capabilities.putObject("supports");
      supports.put("streaming", true);
      supports.put("tool_calls", true);
      supports.put("parallel_tool_calls", true);
      supports.put("vision", true);
      ObjectNode limits = capabilities.putObject("limits");
      limits.put("max_context_window_tokens", 128000);
      limits.put("max_prompt_tokens", 112000);
      limits.put("max_output_tokens", 16000);
    }
    return root;
  }

  private ObjectNode userJson() {
    ObjectNode user = JSON.createObjectNode();
    user.put("login", "copilot-test-user");
    user.put("copilot_plan", "individual_pro");
    user.put("is_mcp_enabled", true);
    user.put("analytics_tracking_id", "fake-tracking-id");
    ObjectNode endpoints = user.putObject("endpoints");
    endpoints.put("api", url);
    // Port 1 refuses connections at once, so telemetry is dropped without leaving the machine.
    endpoints.put("telemetry", "https://localhost:1/telemetry");
    return user;
  }

  private static ObjectNode errorBody(int status, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", status >= 500 ? "server_error" : "invalid_request_error");
    error.put("code", "fake_error_" + status);
    return root;
  }

  private static ObjectNode completion(
      String id, String model, @Nullable String content, List<FakeReply.ToolCall> calls, ObjectNode usage) {
    ObjectNode root = chunkBase(id, "chat.completion", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (calls.isEmpty()) {
      message.put("content", content);
      choice.put("finish_reason", "stop");
    } else {
      message.putNull("content");
      ArrayNode toolCalls = message.putArray("tool_calls");
      for (FakeReply.ToolCall call : calls) {
        ObjectNode tc = toolCalls.addObject();
        tc.put("id", call.id());
        tc.put("type", "function");
        tc.putObject("function").put("name", call.name()).put("arguments", call.arguments());
      }
      choice.put("finish_reason", "tool_calls");
    }
    root.set("usage", usage);
    return root;
  }

  /** The whole event stream in one buffer: deltas, a finish chunk, a usage chunk and {@code [DONE]}. */
  private byte[] sse(
      String id, String model, @Nullable String content, List<FakeReply.ToolCall> calls, ObjectNode usage)
      throws JsonProcessingException {
    List<ObjectNode> chunks = new ArrayList<>();
    if (calls.isEmpty()) {
      List<String> pieces = split(Objects.requireNonNull(content), streamChunkSize);
      for (int i = 0; i < pieces.size(); i++) {
        ObjectNode delta = JSON.createObjectNode();
        if (i == 0) {
          delta.put("role", "assistant");
        }
        delta.put("content", pieces.get(i));
        chunks.add(deltaChunk(id, model, delta, null));
      }
    } else {
      for (int index = 0; index < calls.size(); index++) {
        FakeReply.ToolCall call = calls.get(index);
        // Like the real API: the first chunk of a call names it; the arguments follow in pieces.
        ObjectNode delta = JSON.createObjectNode();
        if (index == 0) {
          delta.put("role", "assistant");
          delta.putNull("content");
        }
        ObjectNode tc = delta.putArray("tool_calls").addObject();
        tc.put("index", index);
        tc.put("id", call.id());
        tc.put("type", "function");
        tc.putObject("function").put("name", call.name()).put("arguments", "");
        chunks.add(deltaChunk(id, model, delta, null));
        int size = streamChunkSize > 0 ? streamChunkSize : TOOL_ARGUMENT_CHUNK;
        for (String piece : split(call.arguments(), size)) {
          ObjectNode argDelta = JSON.createObjectNode();
          ObjectNode argCall = argDelta.putArray("tool_calls").addObject();
          argCall.put("index", index);
          argCall.putObject("function").put("arguments", piece);
          chunks.add(deltaChunk(id, model, argDelta, null));
        }
      }
    }
    chunks.add(deltaChunk(id, model, JSON.createObjectNode(), calls.isEmpty() ? "stop" : "tool_calls"));
    ObjectNode usageChunk = chunkBase(id, "chat.completion.chunk", model);
    usageChunk.putArray("choices");
    usageChunk.set("usage", usage);
    chunks.add(usageChunk);

    StringBuilder out = new StringBuilder();
    for (ObjectNode chunk : chunks) {
      out.append("data: ").append(JSON.writeValueAsString(chunk)).append("\n\n");
    }
    out.append("data: [DONE]\n\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode deltaChunk(String id, String model, ObjectNode delta, @Nullable String finishReason) {
    ObjectNode chunk = chunkBase(id, "chat.completion.chunk", model);
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.put("finish_reason", finishReason);
    return chunk;
  }

  private static ObjectNode chunkBase(String id, String object, String model) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", id);
    node.put("object", object);
    node.put("created", System.currentTimeMillis() / 1000);
    node.put("model", model);
    return node;
  }

  /** Rough token counts (about four characters per token) so clients see plausible usage. */
  private static ObjectNode usage(ChatRequest request, @Nullable String content, List<FakeReply.ToolCall> calls) {
    long promptChars = 0;
    for (ChatMessage m : request.messages()) {
      promptChars += m.text().length() + 4;
    }
    long completionChars = content == null ? 0 : content.length();
    for (FakeReply.ToolCall call : calls) {
      completionChars += call.name().length() + call.arguments().length();
    }
    long prompt = Math.max(1, promptChars / 4);
    long completion = Math.max(1, completionChars / 4);
    ObjectNode usage = JSON.createObjectNode();
    usage.put("prompt_tokens", prompt);
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    return usage;
  }

  // ---------------------------------------------------------------- helpers

  /** Splits text into words (each with its trailing blanks) when {@code size <= 0}, else into pieces. */
  static List<String> split(String text, int size) {
    if (text.isEmpty()) {
      return List.of("");
    }
    if (size <= 0) {
      return List.of(WORD_BOUNDARY.split(text));
    }
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + size);
      // Never cut a surrogate pair in half.
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1)) && end - start > 1) {
        end--;
      }
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }

  /** The JSON object that starts after optional blanks at {@code from}, as compact text, or {@code null}. */
  private static @Nullable String jsonObjectAt(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '{') {
      return null;
    }
    try (JsonParser parser = JSON.getFactory().createParser(text.substring(i))) {
      JsonNode node = JSON.readTree(parser);
      return node != null && node.isObject() ? JSON.writeValueAsString(node) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static @Nullable String contentText(@Nullable JsonNode content) {
    if (content == null || content.isNull() || content.isMissingNode()) {
      return null;
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode part : content) {
        if (part.isTextual()) {
          parts.add(part.asText());
        } else if (part.has("text")) {
          parts.add(part.path("text").asText());
        }
      }
      return String.join("\n", parts);
    }
    return content.toString();
  }

  private static @Nullable String textOrNull(@Nullable JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
  }

  private static Map<String, String> headersOf(HttpExchange exchange) {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
              }
            });
    return headers;
  }

  private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  /** Sends the body in one write with a known length, so it leaves in the same segment as far as possible. */
  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("x-github-request-id", "fake-request-id");
    boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }

  private static List<String> checkModels(List<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("at least one model is needed: the CLI cannot chat without /models");
    }
    for (String id : ids) {
      Objects.requireNonNull(id, "model id");
    }
    return List.copyOf(ids);
  }

  /** Settings for a {@link FakeCopilotApi}; {@link #start()} creates and starts it. */
  public static final class Builder {
    private List<String> models = List.of(DEFAULT_MODEL);
    private int streamChunkSize;
    private int threads = 8;

    private Builder() {}

    /** The model ids {@code GET /models} lists, first one first. Default: {@value FakeCopilotApi#DEFAULT_MODEL}. */
    public Builder models(String... modelIds) {
      this.models = checkModels(List.of(modelIds));
      return this;
    }

    /**
     * How streamed text is split into deltas: {@code 0} (the default) sends one delta per word, a positive
     * value sends pieces of that many characters. Tool-call arguments use the same size, or 16 characters.
     */
    public Builder streamChunkSize(int characters) {
      if (characters < 0) {
        throw new IllegalArgumentException("chunk size must not be negative: " + characters);
      }
      this.streamChunkSize = characters;
      return this;
    }

    /**
     * Server threads (default 8). A delayed reply holds a thread while it waits, so raise this when many
     * sessions wait on delayed replies at once.
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Creates the fake and starts listening on an ephemeral port of 127.0.0.1. */
    public FakeCopilotApi start() {
      return new FakeCopilotApi(this);
    }
  }
}
