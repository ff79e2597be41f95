package dev.copilotj.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeCopilotApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  private static FakeCopilotApi fake;

  @BeforeAll
  static void startFake() {
    fake = FakeCopilotApi.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Test
  void listensOnLoopbackAndDisablesNagle() {
    assertThat(fake.url()).isEqualTo("http://127.0.0.1:" + fake.port());
    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
  }

  @Test
  void listsTheDefaultModel() throws Exception {
    HttpResponse<String> response = get("/models");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("data")).hasSize(1);
    JsonNode model = body.path("data").get(0);
    assertThat(model.path("id").asText()).isEqualTo("claude-sonnet-4.5");
    assertThat(model.path("capabilities").path("limits").path("max_context_window_tokens").asInt())
        .isEqualTo(128000);
  }

  @Test
  void listsConfiguredModelsUntilReset() throws Exception {
    try (FakeCopilotApi other = FakeCopilotApi.builder().models("gpt-5", "claude-opus-4").start()) {
      assertThat(ids(getFrom(other, "/models").body())).containsExactly("gpt-5", "claude-opus-4");
      other.setModels("only-one");
      assertThat(ids(getFrom(other, "/models").body())).containsExactly("only-one");
      other.reset();
      assertThat(other.models()).containsExactly("gpt-5", "claude-opus-4");
    }
  }

  @Test
  void servesTheCopilotUserPointingAtItself() throws Exception {
    JsonNode user = JSON.readTree(get("/copilot_internal/user").body());

    assertThat(user.path("login").asText()).isNotEmpty();
    assertThat(user.path("copilot_plan").asText()).isEqualTo("individual_pro");
    assertThat(user.path("endpoints").path("api").asText()).isEqualTo(fake.url());
    assertThat(user.path("endpoints").path("telemetry").asText()).isEqualTo("https://localhost:1/telemetry");
  }

  @Test
  void answersUnknownPathsWith404AndRecordsThem() throws Exception {
    HttpResponse<String> response = post("/mcp/readonly?x=1", "{\"jsonrpc\":\"2.0\"}");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(fake.requestCount("/mcp/readonly")).isEqualTo(1);
    RecordedRequest recorded = fake.requests().get(0);
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/mcp/readonly");
    assertThat(recorded.query()).isEqualTo("x=1");
    assertThat(recorded.body()).contains("jsonrpc");
    assertThat(fake.chatRequests()).isEmpty();
  }

  @Test
  void answersPlainPromptWithTheDefaultTextAsJson() throws Exception {
    HttpResponse<String> response = chat(request(false, user("hi")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4.5");
    JsonNode choice = body.path("choices").get(0);
    assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
    assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello from the fake model.");
    assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    assertUsage(body.path("usage"));
  }

  @Test
  void streamsTextInSeveralChunksThenUsageThenDone() throws Exception {
    fake.enqueue(FakeReply.text("one two three four"));

    HttpResponse<String> response = chat(request(true, user("hi")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    List<String> events = sseData(response.body());
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    List<JsonNode> chunks = parse(events.subList(0, events.size() - 1));
    StringBuilder text = new StringBuilder();
    int deltas = 0;
    String finish = null;
    for (JsonNode chunk : chunks) {
      assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
      for (JsonNode choice : chunk.path("choices")) {
        if (choice.path("delta").has("content")) {
          text.append(choice.path("delta").path("content").asText());
          deltas++;
        }
        if (!choice.path("finish_reason").isNull()) {
          finish = choice.path("finish_reason").asText();
        }
      }
    }
    assertThat(text.toString()).isEqualTo("one two three four");
    assertThat(deltas).isEqualTo(4);
    assertThat(finish).isEqualTo("stop");
    assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
    JsonNode usageChunk = chunks.get(chunks.size() - 1);
    assertThat(usageChunk.path("choices")).isEmpty();
    assertUsage(usageChunk.path("usage"));
  }

  @Test
  void streamsInFixedSizePiecesWhenConfigured() throws Exception {
    try (FakeCopilotApi other = FakeCopilotApi.builder().streamChunkSize(3).start()) {
      other.enqueue(FakeReply.text("abcdefgh"));
      HttpResponse<String> response = send(other, "/chat/completions", request(true, user("x")).toString());
      List<String> pieces = new ArrayList<>();
      for (JsonNode chunk : parse(withoutDone(sseData(response.body())))) {
        for (JsonNode choice : chunk.path("choices")) {
          if (choice.path("delta").has("content")) {
            pieces.add(choice.path("delta").path("content").asText());
          }
        }
      }
      assertThat(pieces).containsExactly("abc", "def", "gh");
    }
  }

  @Test
  void consumesScriptedRepliesInOrderThenFallsBackToDefault() throws Exception {
    fake.enqueue(FakeReply.text("first"), FakeReply.text("second"));
    assertThat(fake.pendingReplies()).isEqualTo(2);

    assertThat(content(chat(request(false, user("a"))))).isEqualTo("first");
    assertThat(content(chat(request(false, user("b"))))).isEqualTo("second");
    assertThat(content(chat(request(false, user("c"))))).isEqualTo("Hello from the fake model.");
    assertThat(fake.pendingReplies()).isZero();
  }

  @Test
  void scriptedToolCallHasTheOpenAiShape() throws Exception {
    fake.enqueue(FakeReply.toolCall("echo_upper", "{\"text\":\"hi\"}"));

    JsonNode body = JSON.readTree(chat(request(false, user("go"))).body());

    JsonNode choice = body.path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode message = choice.path("message");
    assertThat(message.path("role").asText()).isEqualTo("assistant");
    assertThat(message.get("content").isNull()).isTrue();
    JsonNode call = message.path("tool_calls").get(0);
    assertThat(call.path("id").asText()).startsWith("call_fake_");
    assertThat(call.path("type").asText()).isEqualTo("function");
    assertThat(call.path("function").path("name").asText()).isEqualTo("echo_upper");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"text\":\"hi\"}");
    assertUsage(body.path("usage"));
  }

  @Test
  void severalToolCallsGetDistinctIdsAndStreamTheirArguments() throws Exception {
    fake.enqueue(
        FakeReply.toolCalls(
            FakeReply.ToolCall.of("a", "{\"n\":1,\"long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"),
            new FakeReply.ToolCall("my-id", "b", "{}")));

    HttpResponse<String> response = chat(request(true, user("go")));

    // Reassemble the calls the way a streaming client does: by index.
    List<StringBuilder> args = List.of(new StringBuilder(), new StringBuilder());
    List<String> ids = new ArrayList<>(List.of("", ""));
    List<String> names = new ArrayList<>(List.of("", ""));
    String finish = null;
    int argumentChunks = 0;
    for (JsonNode chunk : parse(withoutDone(sseData(response.body())))) {
      for (JsonNode choice : chunk.path("choices")) {
        for (JsonNode call : choice.path("delta").path("tool_calls")) {
          int index = call.path("index").asInt();
          if (call.has("id")) {
            ids.set(index, call.path("id").asText());
            names.set(index, call.path("function").path("name").asText());
          }
          String piece = call.path("function").path("arguments").asText();
          if (!piece.isEmpty()) {
            argumentChunks++;
          }
          args.get(index).append(piece);
        }
        if (!choice.path("finish_reason").isNull()) {
          finish = choice.path("finish_reason").asText();
        }
      }
    }
    assertThat(names).containsExactly("a", "b");
    assertThat(ids.get(0)).startsWith("call_fake_");
    assertThat(ids.get(1)).isEqualTo("my-id");
    assertThat(args.get(0).toString()).isEqualTo("{\"n\":1,\"long\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}");
    assertThat(args.get(1).toString()).isEqualTo("{}");
    assertThat(argumentChunks).isGreaterThan(2);
    assertThat(finish).isEqualTo("tool_calls");
  }

  @Test
  void generatedCallIdsAreUnique() throws Exception {
    fake.enqueue(FakeReply.toolCall("t", "{}"), FakeReply.toolCall("t", "{}"));
    String first = toolCallId(chat(request(false, user("a"))));
    String second = toolCallId(chat(request(false, user("b"))));
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void scriptedErrorReturnsStatusAndMessage() throws Exception {
    fake.enqueue(FakeReply.error(429, "slow down"));

    HttpResponse<String> response = chat(request(true, user("a")));

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).isEqualTo("slow down");
    assertThat(fake.chatRequests()).hasSize(1);
  }

  @Test
  void rejectsErrorStatusesOutsideTheErrorRange() {
    assertThatThrownBy(() -> FakeReply.error(200, "no")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void delayedReplyWaitsButIsRecordedAtOnce() throws Exception {
    fake.enqueue(FakeReply.text("late").after(Duration.ofMillis(300)));
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> pending =
        HTTP.sendAsync(chatRequest(fake, request(false, user("a")).toString()), HttpResponse.BodyHandlers.ofString());

    assertThat(fake.awaitChatRequests(1, Duration.ofSeconds(5))).hasSize(1);
    assertThat(pending).isNotDone();
    assertThat(content(pending.get())).isEqualTo("late");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void defaultResponderCallsTheNamedToolWithDefaultArguments() throws Exception {
    JsonNode body = JSON.readTree(chat(request(false, List.of("echo_upper"), user("please CALL_TOOL echo_upper"))).body());

    JsonNode call = body.path("choices").get(0).path("message").path("tool_calls").get(0);
    assertThat(call.path("function").path("name").asText()).isEqualTo("echo_upper");
    assertThat(JSON.readTree(call.path("function").path("arguments").asText()).path("text").asText())
        .isEqualTo("hello");
  }

  @Test
  void defaultResponderPassesJsonArgumentsAfterTheToolName() throws Exception {
    ObjectNode req = request(false, List.of("add"), user("CALL_TOOL add {\"a\": 1, \"b\": [2, 3]} and more text"));

    JsonNode call = JSON.readTree(chat(req).body()).path("choices").get(0).path("message").path("tool_calls").get(0);

    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"a\":1,\"b\":[2,3]}");
  }

  @Test
  void defaultResponderSaysSoWhenTheToolWasNotOffered() throws Exception {
    String text = content(chat(request(false, List.of("other"), user("CALL_TOOL missing"))));
    assertThat(text).isEqualTo("Tool missing not offered; offered=other");
  }

  @Test
  void defaultResponderEchoesToolResults() throws Exception {
    ObjectNode req = request(false, List.of("echo_upper"), user("CALL_TOOL echo_upper"));
    ArrayNode messages = (ArrayNode) req.path("messages");
    ObjectNode assistant = messages.addObject().put("role", "assistant");
    assistant.putNull("content");
    ObjectNode tc = assistant.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function");
    tc.putObject("function").put("name", "echo_upper").put("arguments", "{\"text\":\"hello\"}");
    messages.addObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "HELLO");

    assertThat(content(chat(req))).isEqualTo("TOOL RESULT WAS: HELLO");

    ChatRequest recorded = fake.lastChatRequest();
    ChatMessage toolMessage = recorded.lastMessage();
    assertThat(toolMessage).isNotNull();
    assertThat(toolMessage.role()).isEqualTo("tool");
    assertThat(toolMessage.toolCallId()).isEqualTo("call_1");
    ChatMessage assistantMessage = recorded.messages().get(recorded.messages().size() - 2);
    assertThat(assistantMessage.content()).isNull();
    assertThat(assistantMessage.toolCalls())
        .containsExactly(new FakeReply.ToolCall("call_1", "echo_upper", "{\"text\":\"hello\"}"));
  }

  @Test
  void customResponderAnswersAndMayDeferToTheDefault() throws Exception {
    fake.setResponder(r -> r.lastUserMessage().text().contains("custom") ? FakeReply.text("custom!") : null);

    assertThat(content(chat(request(false, user("custom please"))))).isEqualTo("custom!");
    assertThat(content(chat(request(false, user("other"))))).isEqualTo("Hello from the fake model.");

    fake.enqueue(FakeReply.text("script wins"));
    assertThat(content(chat(request(false, user("custom"))))).isEqualTo("script wins");
  }

  @Test
  void failingResponderGives500() throws Exception {
    fake.setResponder(r -> {
      throw new IllegalStateException("boom");
    });
    assertThat(chat(request(false, user("x"))).statusCode()).isEqualTo(500);
  }

  @Test
  void recordsChatRequestDetails() throws Exception {
    ObjectNode req = request(true, List.of("view", "echo_upper"), user("hello there"));
    ((ArrayNode) req.path("messages")).insert(0, JSON.createObjectNode().put("role", "system").put("content", "sys"));
    HttpRequest http =
        HttpRequest.newBuilder(URI.create(fake.url() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .header("X-Client-Session-Id", "session-1")
            .header("x-initiator", "user")
            .POST(HttpRequest.BodyPublishers.ofString(req.toString()))
            .build();
    HTTP.send(http, HttpResponse.BodyHandlers.ofString());

    ChatRequest recorded = fake.lastChatRequest();
    assertThat(recorded.model()).isEqualTo("claude-sonnet-4.5");
    assertThat(recorded.stream()).isTrue();
    assertThat(recorded.toolNames()).containsExactly("view", "echo_upper");
    assertThat(recorded.messages()).extracting(ChatMessage::role).containsExactly("system", "user");
    assertThat(recorded.lastUserMessage().content()).isEqualTo("hello there");
    assertThat(recorded.sessionId()).isEqualTo("session-1");
    assertThat(recorded.initiator()).isEqualTo("user");
    assertThat(recorded.header("X-INITIATOR")).isEqualTo("user");
    assertThat(recorded.body()).isEqualTo(req.toString());
    assertThat(fake.requestCount("/chat/completions")).isEqualTo(1);
    assertThat(fake.requestCounts()).containsEntry("/chat/completions", 1);
  }

  @Test
  void joinsArrayContentParts() throws Exception {
    ObjectNode msg = JSON.createObjectNode().put("role", "user");
    msg.putArray("content")
        .add(JSON.createObjectNode().put("type", "text").put("text", "part one"))
        .add(JSON.createObjectNode().put("type", "text").put("text", "part two"));

    chat(request(false, msg));

    assertThat(fake.lastChatRequest().lastUserMessage().content()).isEqualTo("part one\npart two");
  }

  @Test
  void awaitChatRequestsFailsClearlyOnTimeout() {
    assertThatThrownBy(() -> fake.awaitChatRequests(1, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected at least 1 chat requests");
    assertThatThrownBy(fake::lastChatRequest).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void resetForgetsScriptResponderAndRecordings() throws Exception {
    fake.enqueue(FakeReply.text("x"));
    fake.setResponder(r -> FakeReply.text("y"));
    get("/models");
    chat(request(false, user("a")));
    fake.enqueue(FakeReply.text("left over"));

    fake.reset();

    assertThat(fake.pendingReplies()).isZero();
    assertThat(fake.chatRequests()).isEmpty();
    assertThat(fake.requests()).isEmpty();
    assertThat(fake.requestCounts()).isEmpty();
    assertThat(content(chat(request(false, user("a"))))).isEqualTo("Hello from the fake model.");
  }

  @Test
  void rejectsBodiesThatAreNotJson() throws Exception {
    assertThat(post("/chat/completions", "not json").statusCode()).isEqualTo(400);
  }

  @Test
  void closeStopsTheServerPromptly() throws Exception {
    FakeCopilotApi other = FakeCopilotApi.start();
    other.enqueue(FakeReply.text("never").after(Duration.ofMinutes(5)));
    CompletableFuture<HttpResponse<String>> pending =
        HTTP.sendAsync(chatRequest(other, request(false, user("a")).toString()), HttpResponse.BodyHandlers.ofString());
    other.awaitChatRequests(1, Duration.ofSeconds(5));

    long start = System.nanoTime();
    other.close();
    other.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThatThrownBy(() -> getFrom(other, "/models")).isInstanceOf(IOException.class);
    pending.cancel(true);
  }

  // ------------------------------------------------------------------ helpers

  private static void assertUsage(JsonNode usage) {
    int prompt = usage.path("prompt_tokens").asInt();
    int completion = usage.path("completion_tokens").asInt();
    assertThat(prompt).isPositive();
    assertThat(completion).isPositive();
    assertThat(usage.path("total_tokens").asInt()).isEqualTo(prompt + completion);
  }

  private static ObjectNode user(String text) {
    return JSON.createObjectNode().put("role", "user").put("content", text);
  }

  private static ObjectNode request(boolean stream, ObjectNode... messages) {
    return request(stream, List.of(), messages);
  }

  private static ObjectNode request(boolean stream, List<String> tools, ObjectNode... messages) {
    ObjectNode req = JSON.createObjectNode().put("model", "claude-sonnet-4.5");
    ArrayNode array = req.putArray("messages");
    for (ObjectNode m : messages) {
      array.add(m);
    }
    ArrayNode toolArray = req.putArray("tools");
    for (String tool : tools) {
      ObjectNode t = toolArray.addObject().put("type", "function");
      t.putObject("function").put("name", tool).put("description", "d");
    }
    if (stream) {
      req.put("stream", true);
      req.putObject("stream_options").put("include_usage", true);
    }
    return req;
  }

  private static String content(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body()).path("choices").get(0).path("message").path("content").asText();
  }

  private static String toolCallId(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body())
        .path("choices")
        .get(0)
        .path("message")
        .path("tool_calls")
        .get(0)
        .path("id")
        .asText();
  }

  private static List<String> ids(String modelsBody) throws IOException {
    List<String> ids = new ArrayList<>();
    JSON.readTree(modelsBody).path("data").forEach(m -> ids.add(m.path("id").asText()));
    return ids;
  }

  /** The payloads of the {@code data:} lines of an event stream. */
  private static List<String> sseData(String body) {
    List<String> data = new ArrayList<>();
    for (String event : body.split("\n\n")) {
      if (event.startsWith("data: ")) {
        data.add(event.substring("data: ".length()));
      }
    }
    return data;
  }

  private static List<String> withoutDone(List<String> events) {
    assertThat(events).last().isEqualTo("[DONE]");
    return events.subList(0, events.size() - 1);
  }

  private static List<JsonNode> parse(List<String> events) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String e : events) {
      nodes.add(JSON.readTree(e));
    }
    return nodes;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return getFrom(fake, path);
  }

  private static HttpResponse<String> getFrom(FakeCopilotApi api, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(api.url() + path)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return send(fake, path, body);
  }

  private static HttpResponse<String> chat(ObjectNode request) throws Exception {
    return send(fake, "/chat/completions", request.toString());
  }

  private static HttpResponse<String> send(FakeCopilotApi api, String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(api.url() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest chatRequest(FakeCopilotApi api, String body) {
    return HttpRequest.newBuilder(URI.create(api.url() + "/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
