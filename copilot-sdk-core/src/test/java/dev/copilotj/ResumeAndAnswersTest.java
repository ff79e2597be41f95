package dev.copilotj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.cloud.ScriptedCliPeer;
import dev.copilotj.cloud.ScriptedCliPeer.Request;
import dev.copilotj.internal.json.Json;
import dev.copilotj.tool.PermissionDecision;
import dev.copilotj.tool.ToolDefinition;
import dev.copilotj.tool.ToolResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact wire side of a resume of an open session and of the answers to tool and permission requests, through
 * the real {@link CopilotClient} over TCP against a {@link ScriptedCliPeer} that controls the order of every frame.
 * The real CLI's side of the same (what the model then sees) is in {@code ResumeOpenSessionIT} and
 * {@code FailingHandlersIT}.
 */
class ResumeAndAnswersTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private ScriptedCliPeer peer;
  private CopilotClient client;

  @BeforeEach
  void start() throws Exception {
    peer = ScriptedCliPeer.start();
    client = new CopilotClient(CopilotClientOptions.builder()
        .serverAddress(peer.address())
        .requestTimeout(WAIT)
        .shutdownTimeout(Duration.ofSeconds(1))
        .build());
    client.start().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stop() {
    client.forceStop();
    peer.close();
  }

  // ---------------------------------------------------------------- resume of an open session

  @Test
  void resumingAnOpenSessionReconfiguresTheSameObjectAndSwitchesAtTheAnswerInWireOrder() throws Exception {
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    List<String> subscribed = new CopyOnWriteArrayList<>();
    CopilotSession session = get(client.createSession(SessionConfig.builder().systemMessage("first")
        .onEvent(event -> first.add(event.id())).build()));
    session.on(event -> subscribed.add(event.id()));
    peer.event(session.id(), "e1");
    peer.on("session.resume", (request, p) -> {
      p.event(session.id(), "r1"); // before the answer: still the old config's
      p.respond(request, Map.of("sessionId", session.id()));
      p.event(session.id(), "a1"); // after it: the new config's
      p.event(session.id(), "a2");
    });

    SessionConfig next = SessionConfig.builder().systemMessage("second").onEvent(event -> second.add(event.id()))
        .build();
    CopilotSession resumed = get(client.resumeSession(session.id(), next));

    assertThat(resumed).isSameAs(session);
    assertThat(session.config()).isSameAs(next);
    assertThat(session.isTerminated()).isFalse();
    assertThat(client.openSessionCount()).isEqualTo(1);
    JsonNode params = peer.requests("session.resume").get(0).params();
    assertThat(params.path("sessionId").asText()).isEqualTo(session.id());
    assertThat(params.path("systemMessage").path("content").asText()).isEqualTo("second");
    awaitSize(subscribed, 4);
    assertThat(first).as("the old config's listeners: everything before the answer").containsExactly("e1", "r1");
    assertThat(second).as("the new config's listeners: everything after it").containsExactly("a1", "a2");
    assertThat(subscribed).as("on(...) listeners keep their subscription: every event once")
        .containsExactly("e1", "r1", "a1", "a2");
  }

  @Test
  void aFailedResumeOfAnOpenSessionLeavesItOpenWithItsConfig() throws Exception {
    List<String> first = new CopyOnWriteArrayList<>();
    SessionConfig original = SessionConfig.builder().onEvent(event -> first.add(event.id())).build();
    CopilotSession session = get(client.createSession(original));
    peer.on("session.resume", (request, p) -> p.respondError(request, -32603, "resume refused"));

    CompletableFuture<CopilotSession> resume = client.resumeSession(session.id(), SessionConfig.defaults());

    assertThat(failure(resume)).isInstanceOf(JsonRpcException.class).hasMessageContaining("resume refused");
    assertThat(session.isTerminated()).isFalse();
    assertThat(session.config()).isSameAs(original);
    assertThat(client.openSessionCount()).isEqualTo(1);
    peer.event(session.id(), "still-routed");
    awaitSize(first, 1);
    assertThat(first).containsExactly("still-routed");
  }

  @Test
  void creatingASessionUnderTheIdOfAnOpenOneStillFailsAndNamesTheWayOut() throws Exception {
    CopilotSession session = get(client.createSession(SessionConfig.defaults()));

    CompletableFuture<CopilotSession> duplicate =
        client.createSession(SessionConfig.builder().sessionId(session.id()).build());

    assertThat(failure(duplicate)).isInstanceOf(CopilotException.class).hasMessageContaining(session.id())
        .hasMessageContaining("resumeSession");
    assertThat(session.isTerminated()).isFalse();
    assertThat(peer.requests("session.create")).hasSize(1);
  }

  @Test
  void toolAndPermissionRequestsAfterTheResumeAreAnsweredWithTheNewConfig() throws Exception {
    ToolDefinition oldTool = ToolDefinition.builder("lookup").description("old")
        .handler(call -> ToolResult.text("old answer")).build();
    ToolDefinition newTool = ToolDefinition.builder("lookup").description("new")
        .handler(call -> ToolResult.text("new answer")).build();
    CopilotSession session = get(client.createSession(SessionConfig.builder().tool(oldTool)
        .permissionHandler(request -> PermissionDecision.deny("old handler")).build()));
    peer.on("session.resume", (request, p) -> p.respond(request, Map.of("sessionId", session.id())));
    get(client.resumeSession(session.id(), SessionConfig.builder().tool(newTool)
        .permissionHandler(request -> PermissionDecision.approve()).build()));
    peer.on("session.permissions.handlePendingPermissionRequest", (request, p) -> p.respond(request, ok()));
    peer.on("session.tools.handlePendingToolCall", (request, p) -> p.respond(request, ok()));

    peer.sessionEvent(session.id(), permissionRequested("p1", "lookup"));
    peer.sessionEvent(session.id(), toolRequested("t1", "lookup"));

    JsonNode permission = peer.awaitRequests("session.permissions.handlePendingPermissionRequest", 1, WAIT).get(0)
        .params();
    assertThat(permission.path("result").path("kind").asText()).isEqualTo("approve-once");
    JsonNode tool = peer.awaitRequests("session.tools.handlePendingToolCall", 1, WAIT).get(0).params();
    assertThat(tool.path("result").asText()).isEqualTo("new answer");
  }

  // ---------------------------------------------------------------- the answers' wire forms

  @Test
  void aThrowingToolIsAnsweredWithTheErrorParamAndNoResultAndNoneOfTheExceptionsTextAndAnUnknownToolNotAtAll() throws Exception {
    ToolDefinition broken = ToolDefinition.builder("lookup").description("d").handler(call -> {
      throw new IllegalStateException("secret host db-7.internal is down");
    }).build();
    ToolDefinition honest = ToolDefinition.builder("check").description("d")
        .handler(call -> ToolResult.failure("No such order; ask again.")).build();
    CopilotSession session = get(client.createSession(SessionConfig.builder().tool(broken).tool(honest).build()));
    peer.on("session.tools.handlePendingToolCall", (request, p) -> p.respond(request, ok()));

    peer.sessionEvent(session.id(), toolRequested("t1", "lookup"));
    peer.sessionEvent(session.id(), toolRequested("t2", "check"));
    peer.sessionEvent(session.id(), toolRequested("t3", "unknown_tool"));

    List<Request> answers = peer.awaitRequests("session.tools.handlePendingToolCall", 2, WAIT);
    JsonNode thrown = byRequestId(answers, "t1");
    assertThat(thrown.has("result")).isFalse();
    assertThat(thrown.path("error").asText()).contains("lookup").doesNotContain("db-7.internal")
        .doesNotContain("IllegalStateException");
    JsonNode shown = byRequestId(answers, "t2");
    assertThat(shown.has("error")).isFalse();
    assertThat(shown.path("result").path("resultType").asText()).isEqualTo("failure");
    assertThat(shown.path("result").path("textResultForLlm").asText()).isEqualTo("No such order; ask again.");
    // a tool this client did not register is left to the client that did (sessions may be shared): no answer
    peer.sessionEvent(session.id(), toolRequested("t4", "check"));
    List<Request> later = peer.awaitRequests("session.tools.handlePendingToolCall", 3, WAIT);
    assertThat(later).extracting(request -> request.params().path("requestId").asText())
        .containsExactlyInAnyOrder("t1", "t2", "t4");
  }

  @Test
  void aThrowingOrNullPermissionHandlerIsAnsweredUserNotAvailableAndADenyReject() throws Exception {
    List<String> asked = new ArrayList<>();
    ToolDefinition lookup = ToolDefinition.builder("lookup").description("d").handler(call -> ToolResult.text("x"))
        .build();
    CopilotSession session = get(client.createSession(SessionConfig.builder().tool(lookup)
        .permissionHandler(request -> {
      synchronized (asked) {
        asked.add(request.requestId());
      }
      switch (request.requestId()) {
        case "p1":
          throw new IllegalStateException("policy service is down");
        case "p2":
          return null;
        default:
          return PermissionDecision.deny("no");
      }
    }).build()));
    peer.on("session.permissions.handlePendingPermissionRequest", (request, p) -> p.respond(request, ok()));

    peer.sessionEvent(session.id(), permissionRequested("p1", "lookup"));
    peer.sessionEvent(session.id(), permissionRequested("p2", "lookup"));
    peer.sessionEvent(session.id(), permissionRequested("p3", "lookup"));

    List<Request> answers = peer.awaitRequests("session.permissions.handlePendingPermissionRequest", 3, WAIT);
    assertThat(byRequestId(answers, "p1").path("result")).isEqualTo(Json.MAPPER.readTree(
        "{\"kind\":\"user-not-available\"}"));
    assertThat(byRequestId(answers, "p2").path("result").path("kind").asText()).isEqualTo("user-not-available");
    assertThat(byRequestId(answers, "p3").path("result").path("kind").asText()).isEqualTo("reject");
  }

  // ---------------------------------------------------------------- helpers

  private static Map<String, Object> ok() {
    return Map.of("success", true);
  }

  private static JsonNode toolRequested(String requestId, String toolName) {
    ObjectNode event = envelope("external_tool.requested", "ev-" + requestId);
    event.putObject("data").put("requestId", requestId).put("toolCallId", "call-" + requestId)
        .put("toolName", toolName).putObject("arguments");
    return event;
  }

  private static JsonNode permissionRequested(String requestId, String toolName) {
    ObjectNode event = envelope("permission.requested", "ev-" + requestId);
    ObjectNode request = event.putObject("data").put("requestId", requestId).putObject("permissionRequest");
    request.put("kind", "custom-tool").put("toolCallId", "call-" + requestId).put("toolName", toolName)
        .putObject("args");
    return event;
  }

  private static ObjectNode envelope(String type, String id) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("type", type);
    event.put("id", id);
    event.put("timestamp", "2026-01-01T00:00:00Z");
    event.putNull("parentId");
    return event;
  }

  private static JsonNode byRequestId(List<Request> requests, String requestId) {
    return requests.stream().map(Request::params).filter(params -> params.path("requestId").asText()
        .equals(requestId)).findFirst().orElseThrow(() -> new AssertionError("no answer to " + requestId));
  }

  private static void awaitSize(List<String> list, int size) {
    await().atMost(WAIT).until(() -> list.size() >= size);
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Throwable failure(CompletableFuture<?> future) throws Exception {
    try {
      Object value = future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected the future to fail, but it completed with " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
