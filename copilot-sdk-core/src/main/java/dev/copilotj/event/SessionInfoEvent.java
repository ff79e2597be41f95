package dev.copilotj.event;

/**
 * A notice from the CLI about the session, such as {@code "cancellation"} after a denied permission ended
 * the prompt. Ephemeral.
 *
 * @param info the event's envelope
 * @param infoType the notice's class, such as {@code "cancellation"}
 * @param message the notice's text
 */
public record SessionInfoEvent(EventInfo info, String infoType, String message) implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "session.info";

  @Override
  public String type() {
    return TYPE;
  }
}
