package dev.copilotj.event;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A complete reply of the model for one turn: its text and the tools it wants called. Sent whether or not
 * streaming is on, after any deltas. Persisted.
 *
 * @param info the event's envelope
 * @param messageId the reply's id, which its {@link AssistantMessageDeltaEvent}s repeat
 * @param content the reply text; {@code ""} when the model only asked for tools
 * @param toolRequests the tool calls the model asked for, in order; empty if none
 * @param originatingMessageId the id of the user message this reply answers; {@code null} if absent
 * @param model the model that produced the reply; {@code null} if absent
 * @param interactionId the interaction the reply belongs to; {@code null} if absent
 * @param turnId the turn the reply belongs to; {@code null} if absent
 * @param reasoningText the model's reasoning summary, for models that report one; {@code null} if absent
 */
public record AssistantMessageEvent(
    EventInfo info,
    String messageId,
    String content,
    List<ToolRequest> toolRequests,
    @Nullable String originatingMessageId,
    @Nullable String model,
    @Nullable String interactionId,
    @Nullable String turnId,
    @Nullable String reasoningText)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.message";

  /**
   * Creates the event; the tool requests are copied, so the record stays immutable.
   *
   * @param info the event's envelope
   * @param messageId the reply's id
   * @param content the reply text
   * @param toolRequests the tool calls the model asked for
   * @param originatingMessageId the id of the user message this reply answers, or {@code null}
   * @param model the model that produced the reply, or {@code null}
   * @param interactionId the interaction the reply belongs to, or {@code null}
   * @param turnId the turn the reply belongs to, or {@code null}
   * @param reasoningText the model's reasoning summary, or {@code null}
   */
  public AssistantMessageEvent {
    toolRequests = List.copyOf(toolRequests);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
