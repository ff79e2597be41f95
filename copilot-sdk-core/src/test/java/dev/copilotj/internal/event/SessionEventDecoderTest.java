package dev.copilotj.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.copilotj.event.AssistantIdleEvent;
import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantMessageStartEvent;
import dev.copilotj.event.AssistantStreamingDeltaEvent;
import dev.copilotj.event.AssistantToolCallDeltaEvent;
import dev.copilotj.event.AssistantTurnEndEvent;
import dev.copilotj.event.AssistantTurnStartEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.ExternalToolCompletedEvent;
import dev.copilotj.event.ExternalToolRequestedEvent;
import dev.copilotj.event.PermissionCompletedEvent;
import dev.copilotj.event.PermissionRequestedEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.SessionInfoEvent;
import dev.copilotj.event.SessionShutdownEvent;
import dev.copilotj.event.SessionStartEvent;
import dev.copilotj.event.SessionTitleChangedEvent;
import dev.copilotj.event.SessionToolsUpdatedEvent;
import dev.copilotj.event.SessionUsageInfoEvent;
import dev.copilotj.event.SystemMessageEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.ToolRequest;
import dev.copilotj.event.UnknownSessionEvent;
import dev.copilotj.event.UserMessageEvent;
import org.junit.jupiter.api.Test;

/** Decodes the real payloads captured from CLI 1.0.102 (see {@code events/README.md}). */
class SessionEventDecoderTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SessionEventDecoder decoder = new SessionEventDecoder();

  /** Reads one captured notification's {@code params} and decodes its event. */
  private SessionEvent decodeSample(String name) {
    JsonNode params = readJson("/events/" + name + ".json");
    return decoder.decode(params.get("sessionId").textValue(), params.get("event"));
  }

  private static JsonNode readJson(String resource) {
    try (InputStream in = SessionEventDecoderTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new AssertionError(resource, e);
    }
  }

  @Test
  void sessionStart() {
    SessionStartEvent e = (SessionStartEvent) decodeSample("session.start");
    assertThat(e.type()).isEqualTo("session.start");
    assertThat(e.sessionId()).isEqualTo("67bd4835-80b6-4f2b-b561-edda9460eba4");
    assertThat(e.id()).isEqualTo("c2051fea-6a33-4988-b9b2-a36387b8d512");
    assertThat(e.parentId()).isNull();
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-25T17:37:56.229Z"));
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.copilotVersion()).isEqualTo("1.0.102");
    assertThat(e.producer()).isEqualTo("copilot-agent");
    assertThat(e.version()).isEqualTo(1);
    assertThat(e.selectedModel()).isEqualTo("claude-sonnet-4.5");
    assertThat(e.startTime()).isEqualTo(Instant.parse("2026-11-25T17:37:56.217Z"));
    assertThat(e.cwd()).isEqualTo("/work-dir");
    assertThat(e.gitRoot()).isNull();
    assertThat(e.branch()).isNull();
    assertThat(e.alreadyInUse()).isFalse();
  }

  @Test
  void userMessage() {
    UserMessageEvent e = (UserMessageEvent) decodeSample("user.message");
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.parentId()).isEqualTo("c2051fea-6a33-4988-b9b2-a36387b8d512");
    assertThat(e.content()).isEqualTo("Say hello please");
    assertThat(e.transformedContent())
        .startsWith("<current_datetime>")
        .endsWith("\n\nSay hello please");
    assertThat(e.messageId()).isEqualTo("b9576ed9-4635-43f6-88a2-4399065cc245");
    assertThat(e.interactionId()).isEqualTo("678e4bbd-57e8-47e7-a7ac-3890e4ff335a");
    assertThat(e.turnId()).isEqualTo("0");
    assertThat(e.delivery()).isEqualTo("idle");
  }

  @Test
  void systemMessage() {
    SystemMessageEvent e = (SystemMessageEvent) decodeSample("system.message");
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.role()).isEqualTo("system");
    assertThat(e.content()).startsWith("You are GitHub Copilot");
    assertThat(e.interactionId()).isEqualTo("678e4bbd-57e8-47e7-a7ac-3890e4ff335a");
  }

  @Test
  void assistantMessageWithText() {
    AssistantMessageEvent e = (AssistantMessageEvent) decodeSample("assistant.message");
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.messageId()).isEqualTo("76ca15e0-5902-4b8b-9a3e-9e3f31e8e9ad");
    assertThat(e.content()).isEqualTo("Hello from the fake model.");
    assertThat(e.toolRequests()).isEmpty();
    assertThat(e.originatingMessageId()).isEqualTo("b9576ed9-4635-43f6-88a2-4399065cc245");
    assertThat(e.model()).isEqualTo("claude-sonnet-4.5");
    assertThat(e.interactionId()).isEqualTo("678e4bbd-57e8-47e7-a7ac-3890e4ff335a");
    assertThat(e.turnId()).isEqualTo("0");
    assertThat(e.reasoningText()).isNull();
  }

  @Test
  void assistantMessageWithToolRequests() {
    AssistantMessageEvent e = (AssistantMessageEvent) decodeSample("assistant.message-tool-requests");
    assertThat(e.content()).isEmpty();
    assertThat(e.toolRequests()).hasSize(1);
    ToolRequest request = e.toolRequests().get(0);
    assertThat(request.toolCallId()).isEqualTo("call_fake_1");
    assertThat(request.name()).isEqualTo("echo_upper");
    assertThat(request.argumentsJson()).isEqualTo("{\"text\":\"hello\"}");
    assertThat(request.arguments()).isEqualTo(Map.of("text", "hello"));
    assertThat(request.type()).isEqualTo("function");
  }

  @Test
  void streamingEvents() {
    AssistantMessageStartEvent start = (AssistantMessageStartEvent) decodeSample("assistant.message_start");
    assertThat(start.ephemeral()).isTrue();
    assertThat(start.messageId()).isEqualTo("d63257e9-7d7b-4252-8bc0-5b5c2f5b8d86");

    AssistantMessageDeltaEvent delta = (AssistantMessageDeltaEvent) decodeSample("assistant.message_delta");
    assertThat(delta.ephemeral()).isTrue();
    assertThat(delta.messageId()).isEqualTo("d63257e9-7d7b-4252-8bc0-5b5c2f5b8d86");
    assertThat(delta.deltaContent()).isEqualTo("Hello from the fake model.");

    AssistantStreamingDeltaEvent progress =
        (AssistantStreamingDeltaEvent) decodeSample("assistant.streaming_delta");
    assertThat(progress.ephemeral()).isTrue();
    assertThat(progress.totalResponseSizeBytes()).isEqualTo(26);

    AssistantToolCallDeltaEvent toolDelta =
        (AssistantToolCallDeltaEvent) decodeSample("assistant.tool_call_delta");
    assertThat(toolDelta.ephemeral()).isTrue();
    assertThat(toolDelta.toolCallId()).isEqualTo("call_fake_1");
    assertThat(toolDelta.toolName()).isEqualTo("echo_upper");
    assertThat(toolDelta.toolType()).isEqualTo("function");
    assertThat(toolDelta.inputDelta()).isEqualTo("{\"text\": \"hello\"}");
  }

  @Test
  void turnStartAndEnd() {
    AssistantTurnStartEvent start = (AssistantTurnStartEvent) decodeSample("assistant.turn_start");
    assertThat(start.ephemeral()).isFalse();
    assertThat(start.turnId()).isEqualTo("0");
    assertThat(start.interactionId()).isEqualTo("678e4bbd-57e8-47e7-a7ac-3890e4ff335a");

    AssistantTurnEndEvent end = (AssistantTurnEndEvent) decodeSample("assistant.turn_end");
    assertThat(end.ephemeral()).isFalse();
    assertThat(end.turnId()).isEqualTo("0");
  }

  @Test
  void assistantUsage() {
    AssistantUsageEvent e = (AssistantUsageEvent) decodeSample("assistant.usage");
    assertThat(e.ephemeral()).isTrue();
    assertThat(e.model()).isEqualTo("claude-sonnet-4.5");
    assertThat(e.inputTokens()).isEqualTo(10);
    assertThat(e.outputTokens()).isEqualTo(5);
    assertThat(e.cacheReadTokens()).isZero();
    assertThat(e.cacheWriteTokens()).isZero();
    assertThat(e.cost()).isEqualTo(1.0);
    assertThat(e.durationMs()).isEqualTo(3);
    assertThat(e.timeToFirstTokenMs()).isNull();
    assertThat(e.initiator()).isEqualTo("user");
    assertThat(e.finishReason()).isEqualTo("stop");
    assertThat(e.apiCallId()).isEqualTo("fake-completion");
    assertThat(e.data()).containsEntry("maxPromptTokens", 128000).containsEntry("isByok", false);
  }

  @Test
  void streamedAssistantUsageHasTimeToFirstToken() {
    AssistantUsageEvent e = (AssistantUsageEvent) decodeSample("assistant.usage-streaming");
    assertThat(e.timeToFirstTokenMs()).isNotNull().isPositive();
    assertThat(e.durationMs()).isEqualTo(2);
  }

  @Test
  void sessionUsageInfo() {
    SessionUsageInfoEvent e = (SessionUsageInfoEvent) decodeSample("session.usage_info");
    assertThat(e.ephemeral()).isTrue();
    assertThat(e.tokenLimit()).isEqualTo(128000);
    assertThat(e.currentTokens()).isEqualTo(9904);
    assertThat(e.messagesLength()).isEqualTo(2);
    assertThat(e.systemTokens()).isEqualTo(5070);
    assertThat(e.conversationTokens()).isEqualTo(37);
    assertThat(e.toolDefinitionsTokens()).isEqualTo(4797);
    assertThat(e.initial()).isTrue();
  }

  @Test
  void toolExecutionStart() {
    ToolExecutionStartEvent e = (ToolExecutionStartEvent) decodeSample("tool.execution_start");
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.toolCallId()).isEqualTo("call_fake_1");
    assertThat(e.toolName()).isEqualTo("echo_upper");
    assertThat(e.arguments()).isEqualTo(Map.of("text", "hello"));
    assertThat(e.turnId()).isEqualTo("0");
    assertThat(e.model()).isEqualTo("claude-sonnet-4.5");
    assertThat(e.mcpServerName()).isNull();
  }

  @Test
  void toolExecutionCompleteWithResult() {
    ToolExecutionCompleteEvent e = (ToolExecutionCompleteEvent) decodeSample("tool.execution_complete");
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.toolCallId()).isEqualTo("call_fake_1");
    assertThat(e.success()).isTrue();
    assertThat(e.resultContent()).isEqualTo("HELLO (from client tool)");
    assertThat(e.detailedContent()).isEqualTo("HELLO (from client tool)");
    assertThat(e.errorMessage()).isNull();
    assertThat(e.errorCode()).isNull();
    assertThat(e.turnId()).isEqualTo("0");
    assertThat(e.interactionId()).isEqualTo("fb64fe15-18e6-48fe-94c7-6c8932225867");
    assertThat(e.model()).isEqualTo("claude-sonnet-4.5");
  }

  @Test
  void toolExecutionCompleteWithToolError() {
    ToolExecutionCompleteEvent e =
        (ToolExecutionCompleteEvent) decodeSample("tool.execution_complete-error");
    assertThat(e.success()).isFalse();
    assertThat(e.resultContent()).isNull();
    assertThat(e.errorMessage()).isEqualTo("Tool execution failed");
    assertThat(e.errorCode()).isEqualTo("failure");
  }

  @Test
  void toolExecutionCompleteAfterDeniedPermission() {
    ToolExecutionCompleteEvent e =
        (ToolExecutionCompleteEvent) decodeSample("tool.execution_complete-rejected");
    assertThat(e.success()).isFalse();
    assertThat(e.errorMessage()).isEqualTo("The user rejected this tool call.");
    assertThat(e.errorCode()).isEqualTo("rejected");
  }

  @Test
  void permissionRequested() {
    PermissionRequestedEvent e = (PermissionRequestedEvent) decodeSample("permission.requested");
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.requestId()).isEqualTo("90b29aa8-55a1-47da-b409-66faeb29337c");
    assertThat(e.kind()).isEqualTo("custom-tool");
    assertThat(e.toolCallId()).isEqualTo("call_fake_1");
    assertThat(e.toolName()).isEqualTo("echo_upper");
    assertThat(e.toolDescription()).isEqualTo("Upper-cases the given text");
    assertThat(e.args()).isEqualTo(Map.of("text", "hello"));
    assertThat(e.permissionMode()).isEqualTo("manual");
    assertThat(e.permissionRequest())
        .containsEntry("kind", "custom-tool")
        .containsEntry("toolName", "echo_upper");
  }

  @Test
  void permissionCompleted() {
    PermissionCompletedEvent approved = (PermissionCompletedEvent) decodeSample("permission.completed");
    assertThat(approved.ephemeral()).isFalse();
    assertThat(approved.requestId()).isEqualTo("90b29aa8-55a1-47da-b409-66faeb29337c");
    assertThat(approved.toolCallId()).isEqualTo("call_fake_1");
    assertThat(approved.resultKind()).isEqualTo("approved");

    PermissionCompletedEvent denied =
        (PermissionCompletedEvent) decodeSample("permission.completed-denied");
    assertThat(denied.resultKind()).isEqualTo("denied-interactively-by-user");
  }

  @Test
  void externalTool() {
    ExternalToolRequestedEvent requested =
        (ExternalToolRequestedEvent) decodeSample("external_tool.requested");
    assertThat(requested.ephemeral()).isFalse();
    assertThat(requested.requestId()).isEqualTo("0386e200-f6ed-4ab6-958d-52c85167de33");
    assertThat(requested.sessionId()).isEqualTo("e256e35a-feaa-4c42-86a2-c6238429aabe");
    assertThat(requested.toolCallId()).isEqualTo("call_fake_1");
    assertThat(requested.toolName()).isEqualTo("echo_upper");
    assertThat(requested.argumentsJson()).isEqualTo("{\"text\":\"hello\"}");
    assertThat(requested.arguments()).isEqualTo(Map.of("text", "hello"));
    assertThat(requested.workingDirectory()).isEqualTo("/work-dir");

    ExternalToolCompletedEvent completed =
        (ExternalToolCompletedEvent) decodeSample("external_tool.completed");
    assertThat(completed.requestId()).isEqualTo("0386e200-f6ed-4ab6-958d-52c85167de33");
  }

  @Test
  void idleEvents() {
    AssistantIdleEvent assistantIdle = (AssistantIdleEvent) decodeSample("assistant.idle");
    assertThat(assistantIdle.ephemeral()).isTrue();

    SessionIdleEvent idle = (SessionIdleEvent) decodeSample("session.idle");
    assertThat(idle.ephemeral()).isTrue();
    assertThat(idle.mode()).isEqualTo("interactive");
    assertThat(idle.id()).isEqualTo("7fc1f773-397c-4c66-9c08-38330f9488a6");
    assertThat(idle.parentId()).isEqualTo("ad3f6843-f1b9-4ed0-a69c-bfbbc602e92b");
  }

  @Test
  void sessionError() {
    SessionErrorEvent e = (SessionErrorEvent) decodeSample("session.error");
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.errorType()).isEqualTo("query");
    assertThat(e.message()).startsWith("Execution failed: 400 rejected by fake server");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.providerCallId()).isEqualTo("fake-request-id");
    assertThat(e.originatingMessageId()).isEqualTo("4bff18e5-8e9d-4bd0-9f74-22fe784331f7");
  }

  @Test
  void sessionInfo() {
    SessionInfoEvent e = (SessionInfoEvent) decodeSample("session.info");
    assertThat(e.ephemeral()).isTrue();
    assertThat(e.infoType()).isEqualTo("cancellation");
    assertThat(e.message()).isEqualTo("Operation cancelled by user");
  }

  @Test
  void sessionShutdown() {
    SessionShutdownEvent e = (SessionShutdownEvent) decodeSample("session.shutdown");
    assertThat(e.ephemeral()).isFalse();
    assertThat(e.shutdownType()).isEqualTo("routine");
    assertThat(e.currentModel()).isEqualTo("claude-sonnet-4.5");
    assertThat(e.totalPremiumRequests()).isEqualTo(1.0);
    assertThat(e.totalApiDurationMs()).isEqualTo(3);
    assertThat(e.linesAdded()).isZero();
    assertThat(e.linesRemoved()).isZero();
    assertThat(e.data()).containsKeys("modelMetrics", "accountingSnapshot");
  }

  @Test
  void titleAndToolsUpdated() {
    SessionTitleChangedEvent title = (SessionTitleChangedEvent) decodeSample("session.title_changed");
    assertThat(title.ephemeral()).isTrue();
    assertThat(title.title()).isEqualTo("Say hello please");

    SessionToolsUpdatedEvent tools = (SessionToolsUpdatedEvent) decodeSample("session.tools_updated");
    assertThat(tools.ephemeral()).isTrue();
    assertThat(tools.model()).isEqualTo("claude-sonnet-4.5");
  }

  @Test
  void unmodelledTypesStayUnknownWithTheirRawData() {
    for (String name :
        List.of(
            "model.call_start",
            "model.call_failure",
            "session.mcp_server_status_changed",
            "pending_messages.modified")) {
      JsonNode params = readJson("/events/" + name + ".json");
      SessionEvent e = decoder.decode(params.get("sessionId").textValue(), params.get("event"));
      assertThat(e).as(name).isInstanceOf(UnknownSessionEvent.class);
      UnknownSessionEvent unknown = (UnknownSessionEvent) e;
      assertThat(unknown.type()).isEqualTo(name);
      assertThat(unknown.ephemeral()).isTrue();
      assertThat(unknown.id()).isEqualTo(params.at("/event/id").textValue());
      assertThat(readTree(unknown.dataJson())).isEqualTo(params.at("/event/data"));
    }
  }

  @Test
  void unknownKeepsDataAsMap() {
    JsonNode params = readJson("/events/model.call_start.json");
    UnknownSessionEvent e =
        (UnknownSessionEvent) decoder.decode("s", params.get("event"));
    assertThat(e.data()).isEqualTo(Map.of("turnId", "0", "model", "claude-sonnet-4.5"));
  }

  @Test
  void wholeStreamedToolTurnDecodesInOrder() throws IOException {
    List<String> known = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/events/tool-turn-streaming.jsonl");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode params = MAPPER.readTree(line);
        JsonNode raw = params.get("event");
        SessionEvent e = decoder.decode(params.get("sessionId").textValue(), raw);
        assertThat(e.type()).isEqualTo(raw.get("type").textValue());
        assertThat(e.ephemeral()).isEqualTo(raw.path("ephemeral").asBoolean(false));
        assertThat(e.id()).isEqualTo(raw.get("id").textValue());
        boolean isKnown = SessionEventDecoder.knownTypes().contains(e.type());
        assertThat(e instanceof UnknownSessionEvent).as(e.type()).isEqualTo(!isKnown);
        if (isKnown) {
          known.add(e.type());
        }
      }
    }
    assertThat(known)
        .containsExactly(
            "session.start",
            "session.title_changed",
            "session.tools_updated",
            "user.message",
            "system.message",
            "assistant.turn_start",
            "session.usage_info",
            "assistant.streaming_delta",
            "assistant.tool_call_delta",
            "assistant.usage",
            "assistant.message",
            "tool.execution_start",
            "permission.requested",
            "permission.completed",
            "external_tool.requested",
            "external_tool.completed",
            "tool.execution_complete",
            "assistant.turn_end",
            "assistant.turn_start",
            "session.usage_info",
            "assistant.streaming_delta",
            "assistant.message_start",
            "assistant.message_delta",
            "assistant.usage",
            "assistant.message",
            "assistant.turn_end",
            "assistant.idle",
            "session.idle");
  }

  private static JsonNode readTree(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(json, e);
    }
  }
}
