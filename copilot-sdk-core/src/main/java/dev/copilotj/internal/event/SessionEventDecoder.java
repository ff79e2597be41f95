package dev.copilotj.internal.event;

import static java.util.Map.entry;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.copilotj.event.AssistantIdleEvent;
import dev.copilotj.event.AssistantMessageDeltaEvent;
import dev.copilotj.event.AssistantMessageEvent;
import dev.copilotj.event.AssistantMessageStartEvent;
import dev.copilotj.event.AssistantStreamingDeltaEvent;
import dev.copilotj.event.AssistantToolCallDeltaEvent;
import dev.copilotj.event.AssistantTurnEndEvent;
import dev.copilotj.event.AssistantTurnStartEvent;
import dev.copilotj.event.AssistantUsageEvent;
import dev.copilotj.event.EventInfo;
import dev.copilotj.event.RawEventData;
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
import dev.copilotj.internal.json.IsoInstant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the {@code event} object of a {@code session.event} notification
 * ({@code {"type","data","id","timestamp","parentId","ephemeral"?}}) into a typed {@link SessionEvent}.
 *
 * <p>Each known type has a small function that reads its fields straight from the tree: deltas arrive
 * many times per reply, so there is no reflective data binding on this path.
 *
 * <p>Never throws, whatever the input: a missing or mistyped field becomes {@code ""}, {@code null},
 * {@code 0} or {@code false} as the record documents (a number or boolean where a string is expected is
 * read as its text); an unknown or missing type, or a known event that still cannot be decoded, becomes an
 * {@link UnknownSessionEvent} with the raw data. A missing or unreadable {@code timestamp} becomes
 * {@link Instant#EPOCH}, so that a caller can tell it from any real time; a number is read as epoch
 * milliseconds.
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionEventDecoder {

  private static final Logger LOG = LoggerFactory.getLogger(SessionEventDecoder.class);

  /** Decodes one known type from its envelope and its {@code data} (any node, possibly missing). */
  @FunctionalInterface
  private interface DataDecoder {
    SessionEvent decode(EventInfo info, JsonNode data);
  }

  private static final Map<String, DataDecoder> DECODERS =
      Map.ofEntries(
          entry(SessionStartEvent.TYPE, SessionEventDecoder::sessionStart),
          entry(SessionIdleEvent.TYPE, (i, d) -> new SessionIdleEvent(i, optText(d, "mode"))),
          entry(SessionErrorEvent.TYPE, SessionEventDecoder::sessionError),
          entry(
              SessionInfoEvent.TYPE,
              (i, d) -> new SessionInfoEvent(i, text(d, "infoType"), text(d, "message"))),
          entry(SessionShutdownEvent.TYPE, SessionEventDecoder::sessionShutdown),
          entry(
              SessionTitleChangedEvent.TYPE,
              (i, d) -> new SessionTitleChangedEvent(i, text(d, "title"))),
          entry(
              SessionToolsUpdatedEvent.TYPE,
              (i, d) -> new SessionToolsUpdatedEvent(i, optText(d, "model"))),
          entry(SessionUsageInfoEvent.TYPE, SessionEventDecoder::sessionUsageInfo),
          entry(UserMessageEvent.TYPE, SessionEventDecoder::userMessage),
          entry(
              SystemMessageEvent.TYPE,
              (i, d) ->
                  new SystemMessageEvent(
                      i, optText(d, "role"), text(d, "content"), optText(d, "interactionId"))),
          entry(AssistantMessageEvent.TYPE, SessionEventDecoder::assistantMessage),
          entry(
              AssistantMessageStartEvent.TYPE,
              (i, d) -> new AssistantMessageStartEvent(i, text(d, "messageId"))),
          entry(
              AssistantMessageDeltaEvent.TYPE,
              (i, d) ->
                  new AssistantMessageDeltaEvent(i, text(d, "messageId"), text(d, "deltaContent"))),
          entry(
              AssistantStreamingDeltaEvent.TYPE,
              (i, d) -> new AssistantStreamingDeltaEvent(i, longValue(d, "totalResponseSizeBytes"))),
          entry(
              AssistantToolCallDeltaEvent.TYPE,
              (i, d) ->
                  new AssistantToolCallDeltaEvent(
                      i,
                      text(d, "toolCallId"),
                      text(d, "toolName"),
                      optText(d, "toolType"),
                      text(d, "inputDelta"))),
          entry(
              AssistantTurnStartEvent.TYPE,
              (i, d) ->
                  new AssistantTurnStartEvent(i, text(d, "turnId"), optText(d, "interactionId"))),
          entry(AssistantTurnEndEvent.TYPE, (i, d) -> new AssistantTurnEndEvent(i, text(d, "turnId"))),
          entry(AssistantUsageEvent.TYPE, SessionEventDecoder::assistantUsage),
          entry(AssistantIdleEvent.TYPE, (i, d) -> new AssistantIdleEvent(i)),
          entry(ToolExecutionStartEvent.TYPE, SessionEventDecoder::toolExecutionStart),
          entry(ToolExecutionCompleteEvent.TYPE, SessionEventDecoder::toolExecutionComplete),
          entry(PermissionRequestedEvent.TYPE, SessionEventDecoder::permissionRequested),
          entry(
              PermissionCompletedEvent.TYPE,
              (i, d) ->
                  new PermissionCompletedEvent(
                      i,
                      text(d, "requestId"),
                      optText(d, "toolCallId"),
                      resultKind(d.path("result")))),
          entry(ExternalToolRequestedEvent.TYPE, SessionEventDecoder::externalToolRequested),
          entry(
              ExternalToolCompletedEvent.TYPE,
              (i, d) -> new ExternalToolCompletedEvent(i, text(d, "requestId"))));

  /** Creates a decoder; it holds no state, so one instance can serve every session. */
  public SessionEventDecoder() {}

  /**
   * Returns the wire types decoded into their own record; every other type becomes an
   * {@link UnknownSessionEvent}.
   *
   * @return the known type names
   */
  public static Set<String> knownTypes() {
    return DECODERS.keySet();
  }

  /**
   * Decodes one event. Never throws (see the class comment).
   *
   * @param sessionId the {@code sessionId} of the notification's {@code params}
   * @param event the notification's {@code params.event} object
   * @return the typed event, or an {@link UnknownSessionEvent}
   */
  public SessionEvent decode(@Nullable String sessionId, @Nullable JsonNode event) {
    JsonNode e = event == null ? MissingNode.getInstance() : event;
    JsonNode data = e.path("data");
    // every field of data stays reachable, written as text only if someone asks
    RawEventData raw = RawEventData.lazy(data, SessionEventDecoder::rawJson);
    EventInfo info =
        new EventInfo(
            sessionId == null ? "" : sessionId,
            text(e, "id"),
            optText(e, "parentId"),
            timestamp(e.get("timestamp")),
            bool(e, "ephemeral"),
            raw);
    String type = text(e, "type");
    DataDecoder decoder = DECODERS.get(type);
    if (decoder != null) {
      try {
        return decoder.decode(info, data);
      } catch (RuntimeException ex) {
        // The readers do not throw; this guards the reader thread against a bug in one decoder.
        LOG.debug("Could not decode a {} event; passing it on as unknown", type, ex);
      }
    }
    return new UnknownSessionEvent(info, type);
  }

  // ---- one function per known type ----

  private static SessionEvent sessionStart(EventInfo info, JsonNode d) {
    JsonNode context = d.path("context");
    return new SessionStartEvent(
        info,
        optText(d, "copilotVersion"),
        optText(d, "producer"),
        (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, longValue(d, "version"))),
        optText(d, "selectedModel"),
        instant(d.get("startTime")),
        optText(context, "cwd"),
        optText(context, "gitRoot"),
        optText(context, "branch"),
        bool(d, "alreadyInUse"));
  }

  private static SessionEvent sessionError(EventInfo info, JsonNode d) {
    JsonNode status = d.get("statusCode");
    Integer statusCode = null;
    if (status != null && (status.isNumber() || status.isTextual())) {
      long value = longValue(d, "statusCode");
      statusCode = value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (int) value : null;
    }
    return new SessionErrorEvent(
        info,
        text(d, "errorType"),
        text(d, "message"),
        statusCode,
        optText(d, "providerCallId"),
        optText(d, "originatingMessageId"));
  }

  private static SessionEvent sessionShutdown(EventInfo info, JsonNode d) {
    JsonNode codeChanges = d.path("codeChanges");
    return new SessionShutdownEvent(
        info,
        optText(d, "shutdownType"),
        optText(d, "currentModel"),
        doubleValue(d, "totalPremiumRequests"),
        longValue(d, "totalApiDurationMs"),
        longValue(codeChanges, "linesAdded"),
        longValue(codeChanges, "linesRemoved"),
        rawJson(d));
  }

  private static SessionEvent sessionUsageInfo(EventInfo info, JsonNode d) {
    return new SessionUsageInfoEvent(
        info,
        longValue(d, "tokenLimit"),
        longValue(d, "currentTokens"),
        longValue(d, "messagesLength"),
        longValue(d, "systemTokens"),
        longValue(d, "conversationTokens"),
        longValue(d, "toolDefinitionsTokens"),
        bool(d, "isInitial"));
  }

  private static SessionEvent userMessage(EventInfo info, JsonNode d) {
    return new UserMessageEvent(
        info,
        text(d, "content"),
        optText(d, "transformedContent"),
        text(d, "messageId"),
        optText(d, "interactionId"),
        optText(d, "turnId"),
        optText(d, "delivery"));
  }

  private static SessionEvent assistantMessage(EventInfo info, JsonNode d) {
    List<ToolRequest> toolRequests = new ArrayList<>();
    JsonNode requests = d.path("toolRequests");
    if (requests.isArray()) {
      for (JsonNode r : requests) {
        if (r.isObject()) {
          toolRequests.add(
              new ToolRequest(
                  text(r, "toolCallId"), text(r, "name"), json(r, "arguments"), optText(r, "type")));
        }
      }
    }
    return new AssistantMessageEvent(
        info,
        text(d, "messageId"),
        text(d, "content"),
        toolRequests,
        optText(d, "originatingMessageId"),
        optText(d, "model"),
        optText(d, "interactionId"),
        optText(d, "turnId"),
        optText(d, "reasoningText"));
  }

  private static SessionEvent assistantUsage(EventInfo info, JsonNode d) {
    JsonNode ttft = d.get("timeToFirstTokenMs");
    return new AssistantUsageEvent(
        info,
        text(d, "model"),
        longValue(d, "inputTokens"),
        longValue(d, "outputTokens"),
        longValue(d, "cacheReadTokens"),
        longValue(d, "cacheWriteTokens"),
        doubleValue(d, "cost"),
        longValue(d, "duration"),
        ttft != null && ttft.isNumber() ? Double.valueOf(ttft.doubleValue()) : null,
        optText(d, "initiator"),
        optText(d, "finishReason"),
        optText(d, "apiCallId"),
        rawJson(d));
  }

  private static SessionEvent toolExecutionStart(EventInfo info, JsonNode d) {
    return new ToolExecutionStartEvent(
        info,
        text(d, "toolCallId"),
        text(d, "toolName"),
        json(d, "arguments"),
        optText(d, "turnId"),
        optText(d, "model"),
        optText(d, "mcpServerName"));
  }

  private static SessionEvent toolExecutionComplete(EventInfo info, JsonNode d) {
    JsonNode result = d.path("result");
    JsonNode error = d.path("error");
    // The error is an object {message, code}; tolerate a bare string as well.
    String errorMessage = error.isTextual() ? error.textValue() : optText(error, "message");
    return new ToolExecutionCompleteEvent(
        info,
        text(d, "toolCallId"),
        bool(d, "success"),
        optText(result, "content"),
        optText(result, "detailedContent"),
        errorMessage,
        optText(error, "code"),
        optText(d, "turnId"),
        optText(d, "interactionId"),
        optText(d, "model"));
  }

  private static SessionEvent permissionRequested(EventInfo info, JsonNode d) {
    JsonNode request = d.path("permissionRequest");
    return new PermissionRequestedEvent(
        info,
        text(d, "requestId"),
        text(request, "kind"),
        optText(request, "toolCallId"),
        optText(request, "toolName"),
        optText(request, "toolDescription"),
        json(request, "args"),
        optText(d, "permissionMode"),
        rawJson(request));
  }

  /** The decision of a permission: {@code {"kind": …}}, or a bare string. */
  private static @Nullable String resultKind(JsonNode result) {
    return result.isTextual() ? result.textValue() : optText(result, "kind");
  }

  private static SessionEvent externalToolRequested(EventInfo info, JsonNode d) {
    return new ExternalToolRequestedEvent(
        info,
        text(d, "requestId"),
        text(d, "toolCallId"),
        text(d, "toolName"),
        json(d, "arguments"),
        optText(d, "workingDirectory"));
  }

  // ---- lenient field readers: any node in, never an exception out ----

  /** A string field, or {@code ""} if it is absent or not a scalar. */
  private static String text(JsonNode node, String field) {
    String value = optText(node, field);
    return value == null ? "" : value;
  }

  /** A string field, or {@code null} if it is absent or not a scalar; numbers and booleans as text. */
  private static @Nullable String optText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    return null;
  }

  /** A field of any JSON kind as JSON text, or {@code null} if it is absent or JSON {@code null}. */
  private static @Nullable String json(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : EventJson.write(value);
  }

  /** A whole payload as JSON text; {@code "{}"} stands in for a missing or {@code null} one. */
  private static String rawJson(JsonNode data) {
    return data.isMissingNode() || data.isNull() ? "{}" : EventJson.write(data);
  }

  /** A number field (or a numeric string), truncated to a long; {@code 0} otherwise. */
  private static long longValue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return 0;
    }
    if (value.isNumber()) {
      return value.canConvertToLong() ? value.longValue() : (long) value.doubleValue();
    }
    if (value.isTextual()) {
      String s = value.textValue().trim();
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException notALong) {
        try {
          return (long) Double.parseDouble(s);
        } catch (NumberFormatException notANumber) {
          return 0;
        }
      }
    }
    return 0;
  }

  /** A number field (or a numeric string); {@code 0} otherwise. */
  private static double doubleValue(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return 0;
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      try {
        return Double.parseDouble(value.textValue().trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  /** A boolean field (or the string {@code "true"}); {@code false} otherwise. */
  private static boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    return value.isTextual() && "true".equalsIgnoreCase(value.textValue().trim());
  }

  private static Instant timestamp(@Nullable JsonNode value) {
    Instant instant = instant(value);
    return instant == null ? Instant.EPOCH : instant;
  }

  /** An ISO-8601 instant (with {@code Z} or an offset) or epoch milliseconds; {@code null} otherwise. */
  private static @Nullable Instant instant(@Nullable JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      try {
        return IsoInstant.parse(value.textValue().trim());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      // Every long of milliseconds is inside Instant's range, so this cannot throw.
      return Instant.ofEpochMilli(value.longValue());
    }
    return null;
  }
}
