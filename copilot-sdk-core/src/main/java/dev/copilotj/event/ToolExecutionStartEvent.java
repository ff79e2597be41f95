package dev.copilotj.event;

import java.util.Map;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * A tool call starts, built-in or client tool alike; sent before any permission request for it.
 * Persisted.
 *
 * @param info the event's envelope
 * @param toolCallId the call's id, as in {@link ToolRequest#toolCallId()}
 * @param toolName the tool's name
 * @param argumentsJson the call's arguments as JSON text; {@code null} if absent
 * @param turnId the turn the call belongs to; {@code null} if absent
 * @param model the model that asked for the call; {@code null} if absent
 * @param mcpServerName the MCP server the tool comes from, for MCP tools; {@code null} otherwise
 */
public record ToolExecutionStartEvent(
    EventInfo info,
    String toolCallId,
    String toolName,
    @Nullable String argumentsJson,
    @Nullable String turnId,
    @Nullable String model,
    @Nullable String mcpServerName)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "tool.execution_start";

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
