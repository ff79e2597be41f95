package dev.copilotj.event;

import org.jspecify.annotations.Nullable;

/**
 * The session finished the prompt and waits for the next one: the signal that a turn is over, also after
 * a {@link SessionErrorEvent}. Ephemeral, so it never appears in a session's persisted history.
 *
 * @param info the event's envelope
 * @param mode the session mode, such as {@code "interactive"}; {@code null} if absent
 */
public record SessionIdleEvent(EventInfo info, @Nullable String mode) implements SessionEvent {

  /** The wire name of this event type. */
  public static final String TYPE = "session.idle";

  @Override
  public String type() {
    return TYPE;
  }
}
