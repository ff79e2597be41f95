package dev.copilotj.event;

/**
 * The start of a streamed reply, sent only when the session streams and before the reply's first
 * {@link AssistantMessageDeltaEvent}. Ephemeral.
 *
 * @param info the event's envelope
 * @param messageId the id of the reply that starts
 */
public record AssistantMessageStartEvent(EventInfo info, String messageId) implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.message_start";

  @Override
  public String type() {
    return TYPE;
  }
}
