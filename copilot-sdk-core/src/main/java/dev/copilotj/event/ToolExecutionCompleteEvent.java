package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * A tool call ended: with a result, or with an error (the tool failed, or its permission was denied).
 * Persisted. The CLI does not repeat the tool's name here; match on {@link #toolCallId()}.
 *
 * @param info the event's envelope
 * @param toolCallId the call's id, as in {@link ToolExecutionStartEvent#toolCallId()}
 * @param success whether the tool succeeded; {@code false} if absent
 * @param resultContent the result text the model sees; {@code null} when the call failed
 * @param detailedContent a longer form of the result meant for display; {@code null} if absent
 * @param errorMessage what went wrong, such as {@code "The user rejected this tool call."}; {@code null} on
 *     success
 * @param errorCode a short error class, such as {@code "failure"} or {@code "rejected"}; {@code null} on
 *     success
 * @param turnId the turn the call belongs to; {@code null} if absent
 * @param interactionId the interaction the call belongs to; {@code null} if absent
 * @param model the model that asked for the call; {@code null} if absent
 */
public record ToolExecutionCompleteEvent(
    EventInfo info,
    String toolCallId,
    boolean success,
    @Nullable String resultContent,
    @Nullable String detailedContent,
    @Nullable String errorMessage,
    @Nullable String errorCode,
    @Nullable String turnId,
    @Nullable String interactionId,
    @Nullable String model)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "tool.execution_complete";

  @Override
  public String type() {
    return TYPE;
  }
}
