package dev.copilotj.event;

/**
 * Progress of a streamed model response in bytes, sent only when the session streams, for text and tool
 * calls alike. It carries no text. Ephemeral.
 *
 * @param info the event's envelope
 * @param totalResponseSizeBytes the size of the response received so far; {@code 0} if absent
 */
public record AssistantStreamingDeltaEvent(EventInfo info, long totalResponseSizeBytes)
    implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "assistant.streaming_delta";

  @Override
  public String type() {
    return TYPE;
  }
}
