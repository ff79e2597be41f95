package dev.copilotj.event;

import java.util.Map;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * The CLI asks the client to run one of the client's own tools, after the permission was granted. In
 * protocol v3 this is a broadcast event: a client answers it with {@code session.tools.handlePendingToolCall}
 * and the {@link #requestId()}. Persisted.
 *
 * @param info the event's envelope
 * @param requestId the id to answer with
 * @param toolCallId the tool call's id
 * @param toolName the name of the client tool to run
 * @param argumentsJson the call's arguments as JSON text; {@code null} if absent
 * @param workingDirectory the session's working directory; {@code null} if absent
 */
public record ExternalToolRequestedEvent(
    EventInfo info,
    String requestId,
    String toolCallId,
    String toolName,
    @Nullable String argumentsJson,
    @Nullable String workingDirectory)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "external_tool.requested";

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Parses {@link #argumentsJson()} into a map, afresh on each call.
   *
   * @return the arguments, or an empty map if they are absent or not a JSON object
   */
  public Map<String, @Nullable Object> arguments() {
    return EventJson.parseObject(argumentsJson);
  }
}
