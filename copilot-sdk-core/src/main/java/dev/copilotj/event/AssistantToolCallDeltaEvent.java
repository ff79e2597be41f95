package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a tool call's arguments as the model streams them, sent only when the session streams.
 * Ephemeral.
 *
 * @param info the event's envelope
 * @param toolCallId the id of the tool call being streamed
 * @param toolName the tool's name
 * @param toolType the call kind, {@code "function"} in practice; {@code null} if absent
 * @param inputDelta the new piece of the arguments' JSON text
 */
public record AssistantToolCallDeltaEvent(
    EventInfo info, String toolCallId, String toolName, @Nullable String toolType, String inputDelta)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.tool_call_delta";

  @Override
  public String type() {
    return TYPE;
  }
}
