package dev.copilotj.event;

/**
 * A piece of a streamed reply's text, sent only when the session streams; appending the pieces of one
 * {@code messageId} gives the {@link AssistantMessageEvent#content()} that follows. Ephemeral.
 *
 * @param info the event's envelope
 * @param messageId the id of the reply the piece belongs to
 * @param deltaContent the new text
 */
public record AssistantMessageDeltaEvent(EventInfo info, String messageId, String deltaContent)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.message_delta";

  @Override
  public String type() {
    return TYPE;
  }
}
