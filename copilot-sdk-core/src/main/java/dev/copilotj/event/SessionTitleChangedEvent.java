package dev.copilotj.event;

/**
 * The session got a (new) title, at first derived from the first prompt. Ephemeral.
 *
 * @param info the event's envelope
 * @param title the new title
 */
public record SessionTitleChangedEvent(EventInfo info, String title) implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "session.title_changed";

  @Override
  public String type() {
    return TYPE;
  }
}
