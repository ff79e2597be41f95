package dev.copilotj.event;

import java.util.Map;

import dev.copilotj.internal.event.EventJson;
import org.jspecify.annotations.Nullable;

/**
 * A tool call the model asked for, as listed in {@link AssistantMessageEvent#toolRequests()}.
 *
 * @param toolCallId the call's id, which the tool events of the same call repeat
 * @param name the tool's name
 * @param argumentsJson the call's arguments as JSON text (usually an object); {@code null} if absent
 * @param type the call kind, {@code "function"} in practice; {@code null} if absent
 */
public record ToolRequest(
    String toolCallId, String name, @Nullable String argumentsJson, @Nullable String type) {

  /**
   * Parses {@link #argumentsJson()} into a map, afresh on each call.
   *
   * @return the arguments, or an empty map if they are absent or not a JSON object
   */
  public Map<String, @Nullable Object> arguments() {
    return EventJson.parseObject(argumentsJson);
  }
}
