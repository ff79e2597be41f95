package dev.copilotj.internal.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.PermissionCompletedEvent;
import dev.copilotj.event.PermissionRequestedEvent;
import dev.copilotj.event.SessionErrorEvent;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.SessionIdleEvent;
import dev.copilotj.event.SessionShutdownEvent;
import dev.copilotj.event.SessionStartEvent;
import dev.copilotj.event.SessionUsageInfoEvent;
import dev.copilotj.event.ToolExecutionCompleteEvent;
import dev.copilotj.event.ToolExecutionStartEvent;
import dev.copilotj.event.UnknownSessionEvent;
import org.junit.jupiter.api.Test;

/** Malformed, missing and random input: the decoder never throws and degrades as documented. */
class SessionEventDecoderRobustnessTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SessionEventDecoder decoder = new SessionEventDecoder();

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(text, e);
    }
  }

  private SessionEvent decode(String eventJson) {
    return decoder.decode("sid", json(eventJson));
  }

  @Test
  void unknownTypeKeepsTypeAndRawJson() {
    SessionEvent e =
        decode(
            "{\"type\":\"future.thing\",\"data\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},"
                + "\"id\":\"e1\",\"timestamp\":\"2026-01-02T03:04:05.678Z\",\"parentId\":\"p0\"}");
    assertThat(e).isInstanceOf(UnknownSessionEvent.class);
    UnknownSessionEvent unknown = (UnknownSessionEvent) e;
    assertThat(unknown.type()).isEqualTo("future.thing");
    assertThat(json(unknown.dataJson())).isEqualTo(json("{\"a\":[1,{\"b\":null}],\"c\":\"d\"}"));
    assertThat(unknown.data()).containsEntry("c", "d").containsKey("a");
    assertThat(unknown.sessionId()).isEqualTo("sid");
    assertThat(unknown.id()).isEqualTo("e1");
    assertThat(unknown.parentId()).isEqualTo("p0");
    assertThat(unknown.timestamp()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
    assertThat(unknown.ephemeral()).isFalse();
  }

  @Test
  void missingTypeIsUnknownWithEmptyType() {
    SessionEvent e = decode("{\"data\":{\"x\":1}}");
    assertThat(e).isInstanceOf(UnknownSessionEvent.class);
    assertThat(e.type()).isEmpty();
    assertThat(((UnknownSessionEvent) e).dataJson()).isEqualTo("{\"x\":1}");
  }

  @Test
  void missingEnvelopeFieldsGetDefaults() {
    SessionEvent e = decode("{\"type\":\"session.idle\"}");
    assertThat(e).isInstanceOf(SessionIdleEvent.class);
    assertThat(e.id()).isEmpty();
    assertThat(e.parentId()).isNull();
    assertThat(e.timestamp()).isEqualTo(Instant.EPOCH);
    assertThat(e.ephemeral()).isFalse();
    assertThat(((SessionIdleEvent) e).mode()).isNull();
  }

  @Test
  void ephemeralFlagIsVisible() {
    assertThat(decode("{\"type\":\"session.idle\",\"ephemeral\":true}").ephemeral()).isTrue();
    assertThat(decode("{\"type\":\"session.idle\",\"ephemeral\":false}").ephemeral()).isFalse();
    assertThat(decode("{\"type\":\"no.such\",\"ephemeral\":true}").ephemeral()).isTrue();
    assertThat(decode("{\"type\":\"session.idle\",\"ephemeral\":\"true\"}").ephemeral()).isTrue();
    assertThat(decode("{\"type\":\"session.idle\",\"ephemeral\":1}").ephemeral()).isFalse();
  }

  @Test
  void timestamps() {
    assertThat(decode("{\"type\":\"x\",\"timestamp\":\"not a time\"}").timestamp())
        .isEqualTo(Instant.EPOCH);
    assertThat(decode("{\"type\":\"x\",\"timestamp\":{}}").timestamp()).isEqualTo(Instant.EPOCH);
    assertThat(decode("{\"type\":\"x\",\"timestamp\":1.5}").timestamp()).isEqualTo(Instant.EPOCH);
    assertThat(decode("{\"type\":\"x\",\"timestamp\":1000}").timestamp())
        .isEqualTo(Instant.ofEpochSecond(1));
    assertThat(decode("{\"type\":\"x\",\"timestamp\":\"2026-01-02T03:04:05+01:00\"}").timestamp())
        .isEqualTo(Instant.parse("2026-01-02T02:04:05Z"));
    assertThat(decode("{\"type\":\"x\",\"timestamp\":" + Long.MAX_VALUE + "}").timestamp())
        .isEqualTo(Instant.ofEpochMilli(Long.MAX_VALUE));
  }

  @Test
  void knownTypeWithoutDataDecodesWithDefaults() {
    AssistantMessageEvent message = (AssistantMessageEvent) decode("{\"type\":\"assistant.message\"}");
    assertThat(message.messageId()).isEmpty();
    assertThat(message.content()).isEmpty();
    assertThat(message.toolRequests()).isEmpty();
    assertThat(message.model()).isNull();

    AssistantUsageEvent usage =
        (AssistantUsageEvent) decode("{\"type\":\"assistant.usage\",\"data\":null}");
    assertThat(usage.inputTokens()).isZero();
    assertThat(usage.timeToFirstTokenMs()).isNull();
    assertThat(usage.dataJson()).isEqualTo("{}");
    assertThat(usage.data()).isEmpty();

    SessionShutdownEvent shutdown = (SessionShutdownEvent) decode("{\"type\":\"session.shutdown\"}");
    assertThat(shutdown.shutdownType()).isNull();
    assertThat(shutdown.linesAdded()).isZero();

    PermissionRequestedEvent permission =
        (PermissionRequestedEvent) decode("{\"type\":\"permission.requested\",\"data\":{}}");
    assertThat(permission.requestId()).isEmpty();
    assertThat(permission.kind()).isEmpty();
    assertThat(permission.argsJson()).isNull();
    assertThat(permission.args()).isEmpty();
    assertThat(permission.permissionRequestJson()).isEqualTo("{}");

    ToolExecutionStartEvent start =
        (ToolExecutionStartEvent) decode("{\"type\":\"tool.execution_start\",\"data\":{}}");
    assertThat(start.argumentsJson()).isNull();
    assertThat(start.arguments()).isEmpty();

    SessionStartEvent sessionStart = (SessionStartEvent) decode("{\"type\":\"session.start\"}");
    assertThat(sessionStart.startTime()).isNull();
    assertThat(sessionStart.cwd()).isNull();
    assertThat(sessionStart.version()).isZero();
  }

  @Test
  void wrongFieldTypesAreTolerated() {
    AssistantMessageEvent message =
        (AssistantMessageEvent)
            decode(
                "{\"type\":\"assistant.message\",\"data\":{\"content\":42,\"messageId\":{\"a\":1},"
                    + "\"toolRequests\":[\"x\",7,null,{\"name\":true,\"arguments\":\"raw\"}],"
                    + "\"turnId\":3}}");
    assertThat(message.content()).isEqualTo("42");
    assertThat(message.messageId()).isEmpty();
    assertThat(message.turnId()).isEqualTo("3");
    assertThat(message.toolRequests()).hasSize(1);
    assertThat(message.toolRequests().get(0).name()).isEqualTo("true");
    assertThat(message.toolRequests().get(0).toolCallId()).isEmpty();
    assertThat(message.toolRequests().get(0).argumentsJson()).isEqualTo("\"raw\"");
    assertThat(message.toolRequests().get(0).arguments()).isEmpty();

    AssistantMessageEvent notAList =
        (AssistantMessageEvent)
            decode("{\"type\":\"assistant.message\",\"data\":{\"toolRequests\":{\"a\":1}}}");
    assertThat(notAList.toolRequests()).isEmpty();

    SessionUsageInfoEvent usage =
        (SessionUsageInfoEvent)
            decode(
                "{\"type\":\"session.usage_info\",\"data\":{\"tokenLimit\":\"128000\","
                    + "\"currentTokens\":12.9,\"systemTokens\":\"lots\",\"conversationTokens\":[1],"
                    + "\"messagesLength\":1e300,\"isInitial\":\"yes\"}}");
    assertThat(usage.tokenLimit()).isEqualTo(128000);
    assertThat(usage.currentTokens()).isEqualTo(12);
    assertThat(usage.systemTokens()).isZero();
    assertThat(usage.conversationTokens()).isZero();
    assertThat(usage.messagesLength()).isEqualTo(Long.MAX_VALUE);
    assertThat(usage.initial()).isFalse();

    SessionErrorEvent error =
        (SessionErrorEvent)
            decode("{\"type\":\"session.error\",\"data\":{\"statusCode\":\"502\",\"message\":null}}");
    assertThat(error.statusCode()).isEqualTo(502);
    assertThat(error.message()).isEmpty();
    assertThat(
            ((SessionErrorEvent)
                    decode("{\"type\":\"session.error\",\"data\":{\"statusCode\":99999999999}}"))
                .statusCode())
        .isNull();
    assertThat(
            ((SessionErrorEvent) decode("{\"type\":\"session.error\",\"data\":{\"statusCode\":true}}"))
                .statusCode())
        .isNull();

    ToolExecutionCompleteEvent complete =
        (ToolExecutionCompleteEvent)
            decode(
                "{\"type\":\"tool.execution_complete\",\"data\":{\"success\":\"true\","
                    + "\"result\":\"flat\",\"error\":\"boom\"}}");
    assertThat(complete.success()).isTrue();
    assertThat(complete.resultContent()).isNull();
    assertThat(complete.errorMessage()).isEqualTo("boom");
    assertThat(complete.errorCode()).isNull();

    PermissionCompletedEvent permission =
        (PermissionCompletedEvent)
            decode("{\"type\":\"permission.completed\",\"data\":{\"result\":\"approved\"}}");
    assertThat(permission.resultKind()).isEqualTo("approved");
  }

  @Test
  void dataThatIsNotAnObjectGivesDefaults() {
    for (String data : List.of("\"text\"", "[1,2]", "7", "true", "null")) {
      SessionEvent e =
          decode("{\"type\":\"assistant.message_delta\",\"data\":" + data + ",\"id\":\"i\"}");
      assertThat(e).as(data).isInstanceOf(AssistantMessageDeltaEvent.class);
      assertThat(((AssistantMessageDeltaEvent) e).deltaContent()).isEmpty();
      assertThat(e.id()).isEqualTo("i");
    }
    UnknownSessionEvent unknown = (UnknownSessionEvent) decode("{\"type\":\"x\",\"data\":[1,2]}");
    assertThat(unknown.dataJson()).isEqualTo("[1,2]");
    assertThat(unknown.data()).isEmpty();
  }

  @Test
  void inputThatIsNotAnObjectNeverThrows() {
    for (String input : List.of("[]", "[{\"type\":\"session.idle\"}]", "\"session.idle\"", "1", "null")) {
      SessionEvent e = decoder.decode("sid", json(input));
      assertThat(e).as(input).isInstanceOf(UnknownSessionEvent.class);
      assertThat(e.type()).isEmpty();
    }
    SessionEvent none = decoder.decode(null, null);
    assertThat(none).isInstanceOf(UnknownSessionEvent.class);
    assertThat(none.sessionId()).isEmpty();
    assertThat(((UnknownSessionEvent) none).dataJson()).isEqualTo("{}");
  }

  @Test
  void randomObjectsNeverThrow() {
    Random random = new Random(20261125L);
    List<String> types = new ArrayList<>(SessionEventDecoder.knownTypes());
    types.add("model.call_start");
    types.add("");
    for (int i = 0; i < 5000; i++) {
      ObjectNode event = NODES.objectNode();
      if (random.nextInt(10) > 0) {
        event.set(
            "type",
            random.nextInt(5) > 0
                ? NODES.textNode(types.get(random.nextInt(types.size())))
                : randomNode(random, 1));
      }
      if (random.nextBoolean()) {
        event.set("data", random.nextInt(4) > 0 ? randomObject(random, 3) : randomNode(random, 2));
      }
      for (String field : List.of("id", "timestamp", "parentId", "ephemeral")) {
        if (random.nextBoolean()) {
          event.set(field, randomNode(random, 1));
        }
      }
      assertDecodes(event);
    }
  }

  @Test
  void mangledRealSamplesNeverThrow() throws IOException {
    Random random = new Random(42L);
    List<String> names =
        List.of(
            "session.start", "user.message", "system.message", "assistant.message",
            "assistant.message-tool-requests", "assistant.message_delta", "assistant.usage",
            "assistant.tool_call_delta", "session.usage_info", "tool.execution_start",
            "tool.execution_complete", "tool.execution_complete-error", "permission.requested",
            "permission.completed", "external_tool.requested", "session.error", "session.shutdown",
            "session.info");
    for (String name : names) {
      JsonNode original;
      try (InputStream in = getClass().getResourceAsStream("/events/" + name + ".json")) {
        original = MAPPER.readTree(in).get("event");
      }
      for (int i = 0; i < 300; i++) {
        JsonNode copy = original.deepCopy();
        mangle(copy, random, 0);
        assertDecodes(copy);
      }
    }
  }

  private void assertDecodes(JsonNode event) {
    assertThatCode(
            () -> {
              SessionEvent e = decoder.decode("sid", event);
              assertThat(e.type()).isNotNull();
              assertThat(e.id()).isNotNull();
              assertThat(e.timestamp()).isNotNull();
              // The convenience accessors must not throw either.
              if (e instanceof UnknownSessionEvent u) {
                Map<String, Object> ignored = u.data();
                assertThat(ignored).isNotNull();
              } else if (e instanceof AssistantMessageEvent m) {
                m.toolRequests().forEach(r -> assertThat(r.arguments()).isNotNull());
              } else if (e instanceof PermissionRequestedEvent p) {
                assertThat(p.args()).isNotNull();
                assertThat(p.permissionRequest()).isNotNull();
              }
            })
        .as("%s", event)
        .doesNotThrowAnyException();
  }

  /** Randomly removes fields, or replaces values with random nodes, throughout a tree. */
  private static void mangle(JsonNode node, Random random, int depth) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = object.fieldNames();
      it.forEachRemaining(names::add);
      for (String name : names) {
        int roll = random.nextInt(10);
        if (roll == 0) {
          object.remove(name);
        } else if (roll == 1) {
          object.set(name, randomNode(random, 2));
        } else {
          mangle(object.get(name), random, depth + 1);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (random.nextInt(5) == 0) {
          array.set(i, randomNode(random, 2));
        } else {
          mangle(array.get(i), random, depth + 1);
        }
      }
    }
  }

  private static JsonNode randomNode(Random random, int depth) {
    int kind = random.nextInt(depth > 0 ? 9 : 7);
    return switch (kind) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(random.nextDouble() * 1e6);
      case 4 -> NODES.textNode(randomText(random));
      case 5 -> NODES.numberNode(random.nextInt(3) - 1);
      case 6 -> NODES.textNode(random.nextBoolean() ? "2026-11-25T17:37:56.229Z" : "true");
      case 7 -> randomObject(random, depth - 1);
      default -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(randomNode(random, depth - 1));
        }
        yield array;
      }
    };
  }

  private static ObjectNode randomObject(Random random, int depth) {
    List<String> names =
        List.of(
            "content", "messageId", "toolRequests", "arguments", "result", "error", "permissionRequest",
            "context", "codeChanges", "statusCode", "duration", "timeToFirstTokenMs", "success", "kind",
            "args", "deltaContent", "toolCallId", "inputTokens", "startTime", "isInitial", "x");
    ObjectNode object = NODES.objectNode();
    for (int i = random.nextInt(8); i > 0; i--) {
      object.set(names.get(random.nextInt(names.size())), randomNode(random, Math.max(0, depth)));
    }
    return object;
  }

  private static String randomText(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      sb.append((char) random.nextInt(0x3000));
    }
    return sb.toString();
  }
}
