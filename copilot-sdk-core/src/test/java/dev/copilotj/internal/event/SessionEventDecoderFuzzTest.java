package dev.copilotj.internal.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.copilotj.event.SessionEvent;
import dev.copilotj.event.UnknownSessionEvent;
import dev.copilotj.internal.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes {@link SessionEventDecoder#decode} with jqwik: events shaped like the CLI's (known and unknown
 * types, the field names the decoder reads, every JSON value type in every place) and arbitrary text.
 */
class SessionEventDecoderFuzzTest {

  private static final SessionEventDecoder DECODER = new SessionEventDecoder();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Every field name the decoder reads, so generated data hits its branches. */
  private static final List<String> FIELDS = List.of("alreadyInUse", "apiCallId", "args", "arguments", "branch",
      "cacheReadTokens", "cacheWriteTokens", "code", "codeChanges", "content", "context", "conversationTokens",
      "copilotVersion", "cost", "currentModel", "currentTokens", "cwd", "data", "delivery", "deltaContent",
      "detailedContent", "duration", "ephemeral", "error", "errorType", "finishReason", "gitRoot", "id", "infoType",
      "initiator", "inputDelta", "inputTokens", "interactionId", "isInitial", "kind", "linesAdded", "linesRemoved",
      "mcpServerName", "message", "messageId", "messagesLength", "mode", "model", "name", "originatingMessageId",
      "outputTokens", "parentId", "permissionMode", "permissionRequest", "producer", "providerCallId",
      "reasoningText", "requestId", "result", "role", "selectedModel", "shutdownType", "startTime", "statusCode",
      "success", "systemTokens", "timestamp", "title", "tokenLimit", "toolCallId", "toolDefinitionsTokens",
      "toolDescription", "toolName", "toolRequests", "toolType", "totalApiDurationMs", "totalPremiumRequests",
      "totalResponseSizeBytes", "transformedContent", "turnId", "type", "version", "workingDirectory",
      "promptRequest", "toolTelemetry", "sessionId");

  /**
   * Never throws; keeps the session id and the wire type; and a known type is decoded into its own record
   * (the decoder's catch-all, which would turn a decoding bug into an unknown event, is never needed).
   */
  @Property
  void decodeNeverThrowsAndDecodesEveryKnownTypeIntoItsRecord(@ForAll("events") JsonNode event) {
    SessionEvent decoded = DECODER.decode("session-1", event);

    assertThat(decoded).isNotNull();
    assertThat(decoded.sessionId()).isEqualTo("session-1");
    JsonNode type = event.get("type");
    // as documented: a number or boolean where a string is expected is read as its text
    String wireType = type == null ? "" : type.isTextual() ? type.textValue()
        : type.isNumber() || type.isBoolean() ? type.asText() : "";
    assertThat(decoded.type()).isEqualTo(wireType);
    if (SessionEventDecoder.knownTypes().contains(wireType)) {
      assertThat(decoded).as("a %s event", wireType).isNotInstanceOf(UnknownSessionEvent.class);
    } else {
      assertThat(decoded).isInstanceOf(UnknownSessionEvent.class);
    }
    assertThat(decoded.toString()).isNotNull();
  }

  @Property
  void decodeNeverThrowsOnAnyJsonValueOrNull(@ForAll("values") JsonNode anything) {
    assertThat(DECODER.decode(null, anything)).isNotNull();
    assertThat(DECODER.decode("s", anything.isObject() ? anything.get("data") : anything)).isNotNull();
  }

  @Property
  void decodeNeverThrowsOnWhateverArbitraryTextParsesTo(@ForAll("texts") String text) {
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(text);
    } catch (Exception notJson) {
      return; // the connection drops text that is not JSON before it reaches the decoder
    }
    assertThat(DECODER.decode("s", parsed)).isNotNull();
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<JsonNode> events() {
    Arbitrary<JsonNode> type = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.of(List.copyOf(SessionEventDecoder.knownTypes())).map(NODES::textNode)),
        net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(20).map(NODES::textNode)),
        net.jqwik.api.Tuple.of(1, value(1)));
    Arbitrary<JsonNode> data = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, object(3)), net.jqwik.api.Tuple.of(1, value(2)));
    return Combinators.combine(type, data, value(1).injectNull(0.3), timestamp(), value(0).injectNull(0.5),
            Arbitraries.integers().between(0, 31))
        .as((t, d, id, timestamp, extra, omit) -> {
          ObjectNode event = NODES.objectNode();
          if ((omit & 1) == 0) {
            event.set("type", t);
          }
          if ((omit & 2) == 0) {
            event.set("data", d);
          }
          if (id != null) {
            event.set("id", id);
          }
          if ((omit & 4) == 0) {
            event.set("timestamp", timestamp);
          }
          if ((omit & 8) == 0) {
            event.set("parentId", extra == null ? NODES.nullNode() : extra);
          }
          if ((omit & 16) == 0) {
            event.set("ephemeral", extra == null ? NODES.booleanNode(true) : extra);
          }
          return event;
        });
  }

  @Provide
  Arbitrary<JsonNode> values() {
    return value(3);
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsnl \\u").ofMaxLength(80),
        events().map(JsonNode::toString).map(s -> s.substring(0, s.length() / 2)));
  }

  private static Arbitrary<JsonNode> timestamp() {
    return Arbitraries.oneOf(
        Arbitraries.of("2026-01-01T00:00:00Z", "2026-11-24T10:00:00.123456789Z", "2026-01-01", "yesterday", "",
            "+999999999-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z").map(NODES::textNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        value(1));
  }

  private static Arbitrary<JsonNode> object(int depth) {
    Arbitrary<String> key = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Arbitraries.of(FIELDS)),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(10)));
    Arbitrary<JsonNode> fieldValue = depth <= 0 ? leaf() : Arbitraries.lazy(() -> Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, leaf()),
        net.jqwik.api.Tuple.of(2, object(depth - 1)),
        net.jqwik.api.Tuple.of(2, array(depth - 1))));
    return Combinators.combine(key, fieldValue).as(List::<Object>of).list().ofMaxSize(12).map(entries -> {
      ObjectNode node = NODES.objectNode();
      for (List<Object> entry : entries) {
        node.set((String) entry.get(0), (JsonNode) entry.get(1));
      }
      return node;
    });
  }

  private static Arbitrary<JsonNode> array(int depth) {
    Arbitrary<JsonNode> element = depth <= 0 ? leaf() : Arbitraries.lazy(() -> Arbitraries.oneOf(leaf(),
        object(depth - 1), array(depth - 1)));
    return element.list().ofMaxSize(5).map(elements -> {
      ArrayNode node = NODES.arrayNode();
      elements.forEach(node::add);
      return node;
    });
  }

  private static Arbitrary<JsonNode> value(int depth) {
    return depth <= 0 ? leaf() : Arbitraries.lazy(() -> Arbitraries.oneOf(leaf(), object(depth - 1),
        array(depth - 1)));
  }

  private static Arbitrary<JsonNode> leaf() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30).map(NODES::textNode),
        Arbitraries.of("", "approved", "denied-interactively-by-user", "custom-tool", "shell", "write", "url",
            "2026-01-01T00:00:00Z", "12", "-1", "true", "NaN", "1e309").map(NODES::textNode),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.longs().map(NODES::numberNode),
        Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(30)),
            new java.math.BigInteger("1" + "0".repeat(30))).map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE,
            (double) Long.MAX_VALUE * 4).map(NODES::numberNode),
        Arbitraries.bigDecimals().map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.just(NODES.nullNode()),
        Arbitraries.just(NODES.binaryNode(new byte[] {1, 2, 3})),
        Arbitraries.just(NODES.pojoNode(new ArrayList<>(List.of("pojo")))));
  }
}
